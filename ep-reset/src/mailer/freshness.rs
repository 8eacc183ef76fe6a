//! The 10-minute rule: a one-time code lives 10 minutes from its creation, so mail that could only reach
//! the shopper after that is dropped instead of being sent late.

use super::clock::EpochMs;

/// How long Elastic Path's one-time password token is valid.
pub const CODE_LIFETIME_MS: EpochMs = 10 * 60 * 1000;

/// The same, in whole minutes, as the e-mail states it.
pub const CODE_LIFETIME_MINUTES: u32 = 10;

/// When the code's lifetime started: the payload's `created_at` when it is an RFC 3339 time no later than
/// the receipt, else the receipt time (a missing, unreadable or future `created_at` cannot make a code
/// live longer than from the moment it reached us).
pub fn lifetime_start(created_at: Option<&str>, received_at: EpochMs) -> EpochMs {
    created_at.and_then(parse_rfc3339).map_or(received_at, |created| created.min(received_at))
}

/// `text` as epoch milliseconds, if it is an RFC 3339 date-time.
fn parse_rfc3339(text: &str) -> Option<EpochMs> {
    let parsed =
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339).ok()?;
    i64::try_from(parsed.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Whether a code whose lifetime started at `start` may still be sent at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Still valid for this many milliseconds.
    Fresh {
        /// Milliseconds left.
        remaining_ms: EpochMs,
    },
    /// Past its lifetime by this many milliseconds (0: it ends exactly now).
    Expired {
        /// Milliseconds since the lifetime ended.
        late_by_ms: EpochMs,
    },
}

/// The 10-minute rule at `now`.
pub fn freshness(start: EpochMs, now: EpochMs) -> Freshness {
    let end = start.saturating_add(CODE_LIFETIME_MS);
    if now < end {
        Freshness::Fresh { remaining_ms: end - now }
    } else {
        Freshness::Expired { late_by_ms: now - end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2023-09-05T14:53:01.584Z, the seed's example `created_at`.
    const CREATED: EpochMs = 1_693_925_581_584;

    #[test]
    fn the_payloads_created_at_starts_the_lifetime() {
        let received = CREATED + 30_000;
        assert_eq!(lifetime_start(Some("2023-09-05T14:53:01.584+00:00"), received), CREATED);
        assert_eq!(lifetime_start(Some("2023-09-05T16:53:01.584+02:00"), received), CREATED);
        assert_eq!(lifetime_start(Some("2023-09-05T14:53:01Z"), received), CREATED - 584);
    }

    #[test]
    fn receipt_time_stands_in_for_a_missing_unreadable_or_future_created_at() {
        let received = CREATED;
        assert_eq!(lifetime_start(None, received), received);
        assert_eq!(lifetime_start(Some("yesterday"), received), received);
        assert_eq!(lifetime_start(Some(""), received), received);
        assert_eq!(lifetime_start(Some("2099-01-01T00:00:00Z"), received), received, "future: clock skew");
    }

    #[test]
    fn fresh_until_ten_minutes_then_expired() {
        // A fake clock: every "now" is chosen by the test.
        assert_eq!(freshness(CREATED, CREATED), Freshness::Fresh { remaining_ms: CODE_LIFETIME_MS });
        assert_eq!(freshness(CREATED, CREATED + 9 * 60_000), Freshness::Fresh { remaining_ms: 60_000 });
        assert_eq!(freshness(CREATED, CREATED + CODE_LIFETIME_MS - 1), Freshness::Fresh { remaining_ms: 1 });
        assert_eq!(freshness(CREATED, CREATED + CODE_LIFETIME_MS), Freshness::Expired { late_by_ms: 0 });
        assert_eq!(freshness(CREATED, CREATED + 11 * 60_000), Freshness::Expired { late_by_ms: 60_000 });
    }

    #[test]
    fn a_created_at_eleven_minutes_old_is_expired_on_arrival() {
        let received = CREATED + 11 * 60_000;
        let start = lifetime_start(Some("2023-09-05T14:53:01.584+00:00"), received);
        assert!(matches!(freshness(start, received), Freshness::Expired { .. }));
    }

    #[test]
    fn the_stated_minutes_match_the_lifetime() {
        assert_eq!(EpochMs::from(CODE_LIFETIME_MINUTES) * 60_000, CODE_LIFETIME_MS);
    }
}
