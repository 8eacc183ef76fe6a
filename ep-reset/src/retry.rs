//! When to send a rate-limited (429) request again: core's `Retry-After` reading and backoff
//! ([`ep_reset_core::retry`]), with the tool's own bounds, so it never waits for long or forever.

use std::time::Duration;

use ep_reset_core::retry::{self, Backoff, RetryAfter};

/// Attempts per request, the first included.
pub const MAX_ATTEMPTS: u32 = 4;

/// Longest single wait, whatever `Retry-After` says (core allows an hour: a shopper's form may wait
/// that long, a store owner at a terminal should not).
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// Wait before the first retry, in seconds, when the store sends no readable `Retry-After`; doubles each time.
const FIRST_BACKOFF_SECS: u32 = 1;

/// How long to wait after attempt number `attempts_made` (1 for the first) was answered 429, or `None`
/// when no attempt is left. `retry_after` is the answer's header value, if any (delay-seconds or an HTTP
/// date, read against `now_epoch_secs`).
///
/// No jitter: it spreads out many clients that failed together, and this is one person's tool.
pub fn wait_after_429(
    attempts_made: u32,
    retry_after: Option<&str>,
    now_epoch_secs: u64,
) -> Option<Duration> {
    if attempts_made >= MAX_ATTEMPTS {
        return None;
    }
    let backoff = Backoff::new(FIRST_BACKOFF_SECS, u32::try_from(MAX_WAIT.as_secs()).unwrap_or(u32::MAX));
    let server = retry_after.and_then(|value| RetryAfter::parse(value, now_epoch_secs));
    let wait = retry::wait_for(server, attempts_made, &backoff, 0.0);
    Some(Duration::from_secs(u64::from(wait.secs())).min(MAX_WAIT))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2015-10-21T07:28:00Z.
    const OCT_2015: u64 = 1_445_412_480;

    #[test]
    fn honours_retry_after_in_seconds() {
        assert_eq!(wait_after_429(1, Some("2"), OCT_2015), Some(Duration::from_secs(2)));
        assert_eq!(wait_after_429(1, Some(" 0 "), OCT_2015), Some(Duration::from_secs(1)));
    }

    #[test]
    fn honours_retry_after_as_an_http_date() {
        let date = Some("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(wait_after_429(1, date, OCT_2015 - 5), Some(Duration::from_secs(5)));
        assert_eq!(wait_after_429(3, date, OCT_2015 + 60), Some(Duration::from_secs(1)), "a past date");
    }

    #[test]
    fn caps_a_long_retry_after() {
        assert_eq!(wait_after_429(1, Some("3600"), OCT_2015), Some(MAX_WAIT));
        assert_eq!(wait_after_429(1, Some("Wed, 21 Oct 2015 08:28:00 GMT"), OCT_2015), Some(MAX_WAIT));
    }

    #[test]
    fn backs_off_without_a_usable_header() {
        assert_eq!(wait_after_429(1, None, OCT_2015), Some(Duration::from_secs(1)));
        assert_eq!(wait_after_429(2, None, OCT_2015), Some(Duration::from_secs(2)));
        assert_eq!(wait_after_429(3, Some("soon"), OCT_2015), Some(Duration::from_secs(4)));
    }

    #[test]
    fn stops_after_the_last_attempt() {
        assert_eq!(wait_after_429(MAX_ATTEMPTS, Some("1"), OCT_2015), None);
        assert_eq!(wait_after_429(MAX_ATTEMPTS + 5, None, OCT_2015), None);
    }
}
