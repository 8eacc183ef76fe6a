//! What `GET /readyz` reports: whether the queue answers, its depth, and whether the SMTP server took the
//! last hand-over (or probe).

use std::sync::Mutex;

use serde_json::{Value, json};

use std::time::{Duration, UNIX_EPOCH};

use super::clock::EpochMs;
use super::queue::Depth;

/// `epoch_ms` as an RFC 3339 UTC timestamp with milliseconds.
fn rfc3339(epoch_ms: EpochMs) -> String {
    let since_epoch = Duration::from_millis(u64::try_from(epoch_ms).unwrap_or(0));
    humantime::format_rfc3339_millis(UNIX_EPOCH + since_epoch).to_string()
}

/// The SMTP server as this process last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmtpState {
    /// Not tried yet.
    Unknown,
    /// The last hand-over (or probe) worked.
    Up {
        /// Since when it has been working.
        since: EpochMs,
    },
    /// The last hand-over (or probe) failed.
    Down {
        /// Since when it has been failing.
        since: EpochMs,
        /// The last failure, without personal data.
        reason: String,
        /// Failures in a row.
        failures: u64,
    },
}

/// The shared, changing [`SmtpState`].
#[derive(Debug)]
pub struct SmtpHealth {
    state: Mutex<SmtpState>,
}

impl Default for SmtpHealth {
    fn default() -> Self {
        Self { state: Mutex::new(SmtpState::Unknown) }
    }
}

impl SmtpHealth {
    fn state(&self) -> std::sync::MutexGuard<'_, SmtpState> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A hand-over worked at `now`.
    pub fn record_up(&self, now: EpochMs) {
        let mut state = self.state();
        if !matches!(*state, SmtpState::Up { .. }) {
            *state = SmtpState::Up { since: now };
        }
    }

    /// A hand-over failed at `now` for `reason`; returns whether the server was not already down (so the
    /// caller logs a change, not every failure).
    pub fn record_down(&self, now: EpochMs, reason: &str) -> bool {
        let mut state = self.state();
        match &mut *state {
            SmtpState::Down { reason: last, failures, .. } => {
                *failures += 1;
                *last = reason.to_string();
                false
            }
            _ => {
                *state = SmtpState::Down { since: now, reason: reason.to_string(), failures: 1 };
                true
            }
        }
    }

    /// The current state.
    pub fn snapshot(&self) -> SmtpState {
        self.state().clone()
    }
}

/// The `/readyz` answer: ready (the queue answered and the SMTP server is up) and the body. `depth` is
/// `None` when the queue did not answer; `target` is the SMTP server as `--smtp-url` named it; `instance`
/// this process.
pub fn readiness(
    depth: Option<&Depth>,
    smtp: &SmtpState,
    target: &str,
    instance: &str,
    now: EpochMs,
) -> (bool, Value) {
    let smtp_up = matches!(smtp, SmtpState::Up { .. });
    let smtp = match smtp {
        SmtpState::Unknown => json!({ "state": "unknown", "server": target }),
        SmtpState::Up { since } => json!({ "state": "up", "server": target, "since": rfc3339(*since) }),
        SmtpState::Down { since, reason, failures } => json!({
            "state": "down", "server": target, "since": rfc3339(*since), "reason": reason, "failures": failures,
        }),
    };
    let queue = match depth {
        Some(depth) => json!({
            "state": "up",
            "queued": depth.queued,
            "due": depth.due,
            "leased": depth.leased,
            "oldest_age_secs": depth.oldest_received_at.map(|at| (now - at).max(0) / 1000),
            "records": depth.records,
        }),
        None => json!({ "state": "down" }),
    };
    let ready = depth.is_some() && smtp_up;
    (
        ready,
        json!({ "status": if ready { "ready" } else { "not ready" }, "instance": instance, "queue": queue, "smtp": smtp }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_follows_the_last_hand_over() {
        let health = SmtpHealth::default();
        assert_eq!(health.snapshot(), SmtpState::Unknown);
        assert!(health.record_down(10, "refused"), "a change");
        assert!(!health.record_down(20, "timed out"), "still down");
        assert_eq!(health.snapshot(), SmtpState::Down { since: 10, reason: "timed out".into(), failures: 2 });
        health.record_up(30);
        health.record_up(40);
        assert_eq!(health.snapshot(), SmtpState::Up { since: 30 });
    }

    #[test]
    fn ready_only_with_the_queue_and_the_smtp_server_up() {
        let depth =
            Depth { queued: 2, due: 1, oldest_received_at: Some(1_000), records: 5, ..Depth::default() };
        let down = SmtpState::Down { since: 0, reason: "refused".into(), failures: 3 };
        let (ready, body) = readiness(Some(&depth), &down, "smtp://127.0.0.1:25", "i-1", 61_000);
        assert!(!ready);
        assert_eq!(body["status"], "not ready");
        assert_eq!(body["queue"]["queued"], 2);
        assert_eq!(body["queue"]["oldest_age_secs"], 60);
        assert_eq!(body["smtp"]["failures"], 3);
        assert_eq!(body["smtp"]["since"], "1970-01-01T00:00:00.000Z");
        let (ready, body) = readiness(Some(&depth), &SmtpState::Up { since: 1_693_925_581_584 }, "x", "i", 0);
        assert!(ready);
        assert_eq!(body["smtp"]["since"], "2023-09-05T14:53:01.584Z");
        let (ready, body) = readiness(None, &SmtpState::Up { since: 0 }, "x", "i", 0);
        assert!(!ready);
        assert_eq!(body["queue"]["state"], "down");
    }
}
