//! When to try a mail again after SMTP failed: a doubling wait, capped, so a long outage costs at most one
//! attempt per cap interval and a short one is noticed quickly.

use std::time::Duration;

/// The retry schedule.
///
/// Not core's `ep_reset_core::retry::Backoff`: that one counts whole seconds, clamped to 1 s–1 h, and
/// takes jitter, for a shopper's form; the mailer's waits are set in milliseconds (`--retry-base-ms`, a
/// few ms in tests) with any cap, and one worker per row needs no jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failed attempt.
    pub base: Duration,
    /// The longest wait, whatever the attempt number.
    pub cap: Duration,
}

impl Backoff {
    /// The wait after attempt number `attempts_made` (1 for the first) failed: base, 2 × base, 4 × base, …,
    /// never more than the cap.
    pub fn after(&self, attempts_made: u32) -> Duration {
        let doublings = attempts_made.saturating_sub(1).min(31);
        self.base.saturating_mul(1 << doublings).min(self.cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEDULE: Backoff = Backoff { base: Duration::from_secs(2), cap: Duration::from_secs(60) };

    #[test]
    fn doubles_from_the_base() {
        assert_eq!(SCHEDULE.after(1), Duration::from_secs(2));
        assert_eq!(SCHEDULE.after(2), Duration::from_secs(4));
        assert_eq!(SCHEDULE.after(5), Duration::from_secs(32));
    }

    #[test]
    fn is_capped() {
        assert_eq!(SCHEDULE.after(6), Duration::from_secs(60));
        assert_eq!(SCHEDULE.after(1000), Duration::from_secs(60));
        assert_eq!(SCHEDULE.after(u32::MAX), Duration::from_secs(60));
    }

    #[test]
    fn attempt_zero_waits_the_base() {
        assert_eq!(SCHEDULE.after(0), Duration::from_secs(2));
    }

    #[test]
    fn a_cap_below_the_base_wins() {
        let odd = Backoff { base: Duration::from_secs(10), cap: Duration::from_secs(3) };
        assert_eq!(odd.after(1), Duration::from_secs(3));
    }
}
