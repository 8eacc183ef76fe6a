//! The sandbox clock: real time plus an offset that `/__sandbox/clock` advances.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Real time plus an adjustable offset, in whole seconds since the Unix epoch.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// The sandbox's current time in epoch seconds.
    pub fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX));
        real.saturating_add(self.offset())
    }

    /// How far the clock has been advanced, in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Moves the clock forward by `secs` (at least 0) unless that would put it more than `max_offset`
    /// seconds ahead of real time; says whether it moved.
    pub fn advance_within(&self, secs: i64, max_offset: i64) -> bool {
        self.offset_secs
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |offset| {
                offset.checked_add(secs.max(0)).filter(|next| *next <= max_offset)
            })
            .is_ok()
    }

    /// Goes back to real time.
    pub fn reset(&self) {
        self.offset_secs.store(0, Ordering::SeqCst);
    }
}

/// Epoch seconds as an RFC 3339 UTC timestamp (e.g. `2024-06-27T23:45:24Z`; before 1970 is 1970).
pub fn iso8601(epoch_secs: i64) -> String {
    let since_epoch = Duration::from_secs(u64::try_from(epoch_secs).unwrap_or(0));
    humantime::format_rfc3339_seconds(UNIX_EPOCH + since_epoch).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_and_resets() {
        let clock = Clock::default();
        let before = clock.now();
        assert!(clock.advance_within(601, 1000));
        assert!(clock.now() >= before + 601);
        assert!(!clock.advance_within(400, 1000), "beyond the bound");
        assert!(!clock.advance_within(i64::MAX, i64::MAX), "overflow");
        assert_eq!(clock.offset(), 601, "a refused advance changes nothing");
        clock.reset();
        assert!(clock.now() < before + 601);
    }

    #[test]
    fn formats_iso() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_719_531_924), "2024-06-27T23:45:24Z");
    }
}
