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

/// `epoch_ms` as an RFC 3339 UTC timestamp with milliseconds, for `/healthz`.
pub fn rfc3339(epoch_ms: EpochMs) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(epoch_ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_milliseconds() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_693_925_581_584), "2023-09-05T14:53:01.584Z");
    }

    #[test]
    fn the_system_clock_is_after_2024() {
        assert!(SystemClock.now() > 1_704_067_200_000);
    }
}
