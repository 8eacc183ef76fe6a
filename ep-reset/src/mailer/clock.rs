//! Time as the mailer sees it: milliseconds since the Unix epoch, from a clock that tests can replace.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (what the queue stores).
pub type EpochMs = i64;

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    /// The current time.
    fn now(&self) -> EpochMs;
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> EpochMs {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
    }
}

/// A fixed instant (tests, and callers that have decided the time).
impl Clock for EpochMs {
    fn now(&self) -> EpochMs {
        *self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_is_after_2024() {
        assert!(SystemClock.now() > 1_704_067_200_000);
    }
}
