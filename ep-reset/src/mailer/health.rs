//! What `GET /healthz` reports: the queue's depth and whether the SMTP server took the last hand-over.

use std::sync::Mutex;

use serde_json::{Value, json};

use super::clock::{EpochMs, rfc3339};
use super::queue::Depth;

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

/// The `/healthz` body. `target` is the SMTP server as `--smtp-url` named it; `instance` this process.
pub fn report(depth: &Depth, smtp: &SmtpState, target: &str, instance: &str, now: EpochMs) -> Value {
    let smtp = match smtp {
        SmtpState::Unknown => json!({ "state": "unknown", "server": target }),
        SmtpState::Up { since } => json!({ "state": "up", "server": target, "since": rfc3339(*since) }),
        SmtpState::Down { since, reason, failures } => json!({
            "state": "down", "server": target, "since": rfc3339(*since), "reason": reason, "failures": failures,
        }),
    };
    let oldest_age_secs = depth.oldest_lifetime_start.map(|start| (now - start).max(0) / 1000);
    json!({
        "status": "ok",
        "instance": instance,
        "queue": {
            "queued": depth.queued,
            "due": depth.due,
            "leased": depth.leased,
            "oldest_code_age_secs": oldest_age_secs,
            "sent": depth.sent,
            "expired": depth.expired,
            "failed": depth.failed,
        },
        "smtp": smtp,
    })
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
    fn the_report_has_the_depth_and_the_smtp_state() {
        let depth =
            Depth { queued: 2, due: 1, oldest_lifetime_start: Some(1_000), sent: 5, ..Depth::default() };
        let down = SmtpState::Down { since: 0, reason: "refused".into(), failures: 3 };
        let body = report(&depth, &down, "smtp://127.0.0.1:25", "i-1", 61_000);
        assert_eq!(body["queue"]["queued"], 2);
        assert_eq!(body["queue"]["due"], 1);
        assert_eq!(body["queue"]["oldest_code_age_secs"], 60);
        assert_eq!(body["queue"]["sent"], 5);
        assert_eq!(body["smtp"]["state"], "down");
        assert_eq!(body["smtp"]["failures"], 3);
        assert_eq!(body["smtp"]["since"], "1970-01-01T00:00:00Z");
        let empty = report(&Depth::default(), &SmtpState::Unknown, "x", "i", 0);
        assert_eq!(empty["queue"]["oldest_code_age_secs"], Value::Null);
        assert_eq!(empty["smtp"]["state"], "unknown");
    }
}
