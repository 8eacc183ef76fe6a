//! The sandbox clock: real time plus an offset that `/__sandbox/clock` advances.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

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

    /// Moves the clock forward by `secs`.
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::SeqCst);
    }

    /// Goes back to real time.
    pub fn reset(&self) {
        self.offset_secs.store(0, Ordering::SeqCst);
    }
}

/// Formats epoch seconds as an RFC 3339 UTC timestamp (e.g. `2024-06-27T23:45:24Z`).
pub fn iso8601(epoch_secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(epoch_secs)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_and_resets() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(601);
        assert!(clock.now() >= before + 601);
        clock.reset();
        assert!(clock.now() < before + 601);
    }

    #[test]
    fn formats_iso() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_719_531_924), "2024-06-27T23:45:24Z");
    }
}
