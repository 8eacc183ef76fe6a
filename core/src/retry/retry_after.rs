//! The `Retry-After` header value.

use super::http_date::parse_imf_fixdate;

/// A wait in whole seconds, always within [`RetryAfter::MIN_SECS`]..=[`RetryAfter::MAX_SECS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RetryAfter {
    secs: u32,
}

impl RetryAfter {
    /// Shortest wait: never retry in a tight loop, even when the server says `0` or a past date.
    pub const MIN_SECS: u32 = 1;
    /// Longest wait: a shopper will not wait longer, and a bogus far-future date must not lock the form.
    pub const MAX_SECS: u32 = 3600;

    /// A wait of `secs` seconds, clamped into range.
    pub fn from_secs(secs: u64) -> Self {
        let clamped = secs.clamp(u64::from(Self::MIN_SECS), u64::from(Self::MAX_SECS));
        Self { secs: u32::try_from(clamped).unwrap_or(Self::MAX_SECS) }
    }

    /// Reads a `Retry-After` value: delay-seconds (`120`) or an IMF-fixdate
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`), surrounding whitespace allowed.
    ///
    /// A date is turned into a delay against `now_epoch_secs`; a date in the past gives 0, clamped to
    /// [`Self::MIN_SECS`]. Anything else (negative or fractional numbers, the obsolete RFC 850 and asctime
    /// date forms, garbage) gives `None`, and the caller falls back to backoff.
    pub fn parse(value: &str, now_epoch_secs: u64) -> Option<Self> {
        let value = value.trim_matches([' ', '\t']);
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            // Syntactically valid but beyond u64: as good as "very long", so clamp instead of dropping.
            let secs = value.parse::<u64>().unwrap_or(u64::MAX);
            return Some(Self::from_secs(secs));
        }
        let at = parse_imf_fixdate(value)?;
        Some(Self::from_secs(at.saturating_sub(now_epoch_secs)))
    }

    /// The wait in seconds.
    pub fn secs(self) -> u32 {
        self.secs
    }

    /// The wait in milliseconds, for timers.
    pub fn millis(self) -> u64 {
        u64::from(self.secs) * 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 1994-11-06T08:49:37Z
    const NOV_1994: u64 = 784_111_777;

    fn secs(value: &str, now: u64) -> Option<u32> {
        RetryAfter::parse(value, now).map(RetryAfter::secs)
    }

    #[test]
    fn delay_seconds() {
        assert_eq!(secs("120", 0), Some(120));
        assert_eq!(secs(" 7\t", 0), Some(7));
        assert_eq!(secs("3600", 0), Some(3600));
    }

    #[test]
    fn zero_and_tiny_are_clamped_up() {
        assert_eq!(secs("0", 0), Some(1));
    }

    #[test]
    fn huge_is_clamped_down() {
        assert_eq!(secs("3601", 0), Some(3600));
        assert_eq!(secs("86400", 0), Some(3600));
        assert_eq!(secs("99999999999999999999999999", 0), Some(3600));
    }

    #[test]
    fn http_date_in_the_future() {
        assert_eq!(secs("Sun, 06 Nov 1994 08:49:37 GMT", NOV_1994 - 90), Some(90));
        assert_eq!(secs("Sun, 06 Nov 1994 08:49:37 GMT", NOV_1994 - 10 * 3600), Some(3600));
    }

    #[test]
    fn http_date_in_the_past_gives_zero_then_clamped() {
        assert_eq!(secs("Sun, 06 Nov 1994 08:49:37 GMT", NOV_1994), Some(1));
        assert_eq!(secs("Sun, 06 Nov 1994 08:49:37 GMT", NOV_1994 + 1_000_000), Some(1));
    }

    #[test]
    fn garbage_is_none() {
        for bad in [
            "",
            " ",
            "-5",
            "1.5",
            "+5",
            "soon",
            "12s",
            "0x10",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "١٢٣",
        ] {
            assert_eq!(secs(bad, NOV_1994), None, "{bad:?}");
        }
    }

    #[test]
    fn from_secs_clamps_both_ends() {
        assert_eq!(RetryAfter::from_secs(0).secs(), 1);
        assert_eq!(RetryAfter::from_secs(u64::MAX).secs(), 3600);
        assert_eq!(RetryAfter::from_secs(30).millis(), 30_000);
    }
}
