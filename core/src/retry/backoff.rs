//! Capped exponential backoff with jitter, for when the server gives no readable `Retry-After`.

use super::RetryAfter;

/// Capped exponential backoff: attempt *n* waits `base · 2^(n-1)` seconds, at most `cap`, then
/// "equal jitter" takes it down by up to half, so clients that failed together do not retry together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    base_secs: u32,
    cap_secs: u32,
}

impl Backoff {
    /// Default first wait: 2 s (Elastic Path's rate limits are per second).
    pub const DEFAULT_BASE_SECS: u32 = 2;
    /// Default longest wait: 2 minutes.
    pub const DEFAULT_CAP_SECS: u32 = 120;

    /// A backoff starting at `base_secs` and never above `cap_secs` (both clamped to the
    /// [`RetryAfter`] range, and `cap >= base`).
    pub fn new(base_secs: u32, cap_secs: u32) -> Self {
        let base = base_secs.clamp(RetryAfter::MIN_SECS, RetryAfter::MAX_SECS);
        let cap = cap_secs.clamp(base, RetryAfter::MAX_SECS);
        Self { base_secs: base, cap_secs: cap }
    }

    /// The wait before attempt `attempt` (1 = first retry; 0 is treated as 1).
    ///
    /// `jitter` is a random number in `0.0..=1.0` from the caller (out-of-range values are clamped and
    /// NaN counts as 0): 0 gives the full delay, 1 gives half of it.
    pub fn delay(&self, attempt: u32, jitter: f64) -> RetryAfter {
        let exponent = attempt.saturating_sub(1).min(31);
        let full = u64::from(self.base_secs).saturating_mul(1u64 << exponent).min(u64::from(self.cap_secs));
        let jitter = if jitter.is_nan() { 0.0 } else { jitter.clamp(0.0, 1.0) };
        // Float-to-int `as` saturates and `full` is at most an hour, so this cannot wrap.
        let reduction = (full as f64 * 0.5 * jitter).round() as u64;
        RetryAfter::from_secs(full - reduction.min(full))
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(Self::DEFAULT_BASE_SECS, Self::DEFAULT_CAP_SECS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delays(backoff: &Backoff, jitter: f64) -> Vec<u32> {
        (1..=9).map(|attempt| backoff.delay(attempt, jitter).secs()).collect()
    }

    #[test]
    fn doubles_up_to_the_cap_without_jitter() {
        assert_eq!(delays(&Backoff::default(), 0.0), [2, 4, 8, 16, 32, 64, 120, 120, 120]);
    }

    #[test]
    fn full_jitter_halves() {
        assert_eq!(delays(&Backoff::default(), 1.0), [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn jitter_is_clamped_and_nan_safe() {
        let backoff = Backoff::default();
        assert_eq!(backoff.delay(3, -4.0), backoff.delay(3, 0.0));
        assert_eq!(backoff.delay(3, 9.0), backoff.delay(3, 1.0));
        assert_eq!(backoff.delay(3, f64::NAN), backoff.delay(3, 0.0));
        assert_eq!(backoff.delay(3, f64::INFINITY), backoff.delay(3, 1.0));
    }

    #[test]
    fn huge_attempts_do_not_overflow() {
        assert_eq!(Backoff::default().delay(u32::MAX, 0.0).secs(), 120);
        assert_eq!(Backoff::new(3600, 3600).delay(u32::MAX, 0.0).secs(), 3600);
    }

    #[test]
    fn attempt_zero_is_like_one_and_never_below_a_second() {
        let backoff = Backoff::new(1, 1);
        assert_eq!(backoff.delay(0, 0.0).secs(), 1);
        assert_eq!(backoff.delay(1, 1.0).secs(), 1);
    }

    #[test]
    fn new_keeps_cap_at_least_base() {
        assert_eq!(Backoff::new(10, 5), Backoff::new(10, 10));
        assert_eq!(Backoff::new(0, 0), Backoff::new(1, 1));
    }
}
