//! The figures `/metrics` shows, in Prometheus' text format. Counters are this process's (sum them over
//! the replicas); the queue gauges are the shared database's, read at each scrape.

use std::sync::Mutex;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::queue::Depth;

type Labels = Vec<(&'static str, &'static str)>;

/// Why an event or a connection was refused, as the `reason` label says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Missing or wrong `X-MOLTIN-SECRET-KEY` (401).
    Unauthorized,
    /// Not declared as JSON (415).
    NotJson,
    /// Over the body limit (413).
    TooLarge,
    /// Not JSON after all (400).
    Malformed,
    /// A field the e-mail needs is missing or wrong (422).
    Invalid,
    /// The queue holds its maximum (503).
    QueueFull,
    /// The queue cannot be written (503).
    QueueUnavailable,
    /// The request took longer than the request timeout (408).
    Timeout,
    /// Over the connection limit (closed unanswered).
    Overloaded,
}

impl Refusal {
    /// The label value.
    pub fn label(self) -> &'static str {
        match self {
            Refusal::Unauthorized => "unauthorized",
            Refusal::NotJson => "not_json",
            Refusal::TooLarge => "too_large",
            Refusal::Malformed => "malformed",
            Refusal::Invalid => "invalid",
            Refusal::QueueFull => "queue_full",
            Refusal::QueueUnavailable => "queue_unavailable",
            Refusal::Timeout => "timeout",
            Refusal::Overloaded => "overloaded",
        }
    }
}

/// Every figure, registered once.
pub struct Metrics {
    registry: Mutex<Registry>,
    accepted: Family<Labels, Counter>,
    refused: Family<Labels, Counter>,
    sent: Counter,
    failed: Family<Labels, Counter>,
    expired: Counter,
    suppressed: Family<Labels, Counter>,
    rate_waits: Counter,
    records_pruned: Family<Labels, Counter>,
    handover: Histogram,
    queue_depth: Gauge,
    queue_oldest_age: Gauge,
    dedupe_records: Gauge,
    queue_up: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// The figures, all zero.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("ep_reset_mailer");
        let metrics = Self {
            registry: Mutex::new(Registry::default()),
            accepted: Family::default(),
            refused: Family::default(),
            sent: Counter::default(),
            failed: Family::default(),
            expired: Counter::default(),
            suppressed: Family::default(),
            rate_waits: Counter::default(),
            records_pruned: Family::default(),
            handover: Histogram::new(exponential_buckets(0.005, 2.0, 12)),
            queue_depth: Gauge::default(),
            queue_oldest_age: Gauge::default(),
            dedupe_records: Gauge::default(),
            queue_up: Gauge::default(),
        };
        registry.register(
            "events_accepted",
            "Events answered 2xx, by result (queued, duplicate, expired, ignored)",
            metrics.accepted.clone(),
        );
        registry.register("events_refused", "Requests refused, by reason", metrics.refused.clone());
        registry.register("mails_sent", "Mails the SMTP server accepted", metrics.sent.clone());
        registry.register(
            "mails_failed",
            "Failed hand-overs: transient (retried) or permanent (given up)",
            metrics.failed.clone(),
        );
        registry.register(
            "mails_expired",
            "Mails dropped because their code expired first",
            metrics.expired.clone(),
        );
        registry.register(
            "mails_suppressed",
            "Mails not sent because of a limit: per_recipient, or collapsed into a newer mail to the address",
            metrics.suppressed.clone(),
        );
        registry.register(
            "send_rate_waits",
            "Claims that left due mail waiting because of the global send rate",
            metrics.rate_waits.clone(),
        );
        registry.register(
            "dedupe_records_removed",
            "Dedupe records forgotten: retention (past 7 days) or bound (the oldest over --max-dedupe-records)",
            metrics.records_pruned.clone(),
        );
        registry.register(
            "smtp_handover_seconds",
            "Time to hand one mail to the SMTP server, successful or not",
            metrics.handover.clone(),
        );
        registry.register(
            "queue_depth",
            "Mails waiting in the queue (all mailers)",
            metrics.queue_depth.clone(),
        );
        registry.register(
            "queue_oldest_age_seconds",
            "Age of the oldest waiting mail (0 when none waits)",
            metrics.queue_oldest_age.clone(),
        );
        registry.register("dedupe_records", "Envelope ids remembered", metrics.dedupe_records.clone());
        registry.register(
            "queue_up",
            "1 when the queue database answered this scrape",
            metrics.queue_up.clone(),
        );
        *metrics.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = registry;
        metrics
    }

    /// An event answered 2xx with `result`.
    pub fn accepted(&self, result: &'static str) {
        self.accepted.get_or_create(&vec![("result", result)]).inc();
    }

    /// A request refused.
    pub fn refused(&self, why: Refusal) {
        self.refused.get_or_create(&vec![("reason", why.label())]).inc();
    }

    /// A mail the SMTP server took, after `seconds`.
    pub fn sent(&self, seconds: f64) {
        self.sent.inc();
        self.handover.observe(seconds);
    }

    /// A hand-over that failed after `seconds`, `permanent`ly or not.
    pub fn failed(&self, permanent: bool, seconds: f64) {
        let kind = if permanent { "permanent" } else { "transient" };
        self.failed.get_or_create(&vec![("kind", kind)]).inc();
        self.handover.observe(seconds);
    }

    /// A mail dropped because its code expired.
    pub fn expired(&self) {
        self.expired.inc();
    }

    /// What one claim suppressed, collapsed and left waiting.
    pub fn limited(&self, suppressed: u64, collapsed: u64, waited: bool) {
        self.suppressed.get_or_create(&vec![("limit", "per_recipient")]).inc_by(suppressed);
        self.suppressed.get_or_create(&vec![("limit", "collapsed")]).inc_by(collapsed);
        if waited {
            self.rate_waits.inc();
        }
    }

    /// Dedupe records forgotten by one maintenance pass.
    pub fn records_removed(&self, retention: u64, bound: u64) {
        self.records_pruned.get_or_create(&vec![("why", "retention")]).inc_by(retention);
        self.records_pruned.get_or_create(&vec![("why", "bound")]).inc_by(bound);
    }

    /// The text for `/metrics`, with the queue as `depth` shows it at `now` (`None`: unreadable).
    pub fn render(&self, depth: Option<&Depth>, now: i64) -> String {
        match depth {
            Some(depth) => {
                self.queue_up.set(1);
                self.queue_depth.set(i64::try_from(depth.queued).unwrap_or(i64::MAX));
                let age = depth.oldest_received_at.map_or(0, |at| (now - at).max(0) / 1000);
                self.queue_oldest_age.set(age);
                self.dedupe_records.set(i64::try_from(depth.records).unwrap_or(i64::MAX));
            }
            None => {
                self.queue_up.set(0);
            }
        }
        let mut text = String::new();
        let registry = self.registry.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Writing into a String cannot fail.
        let _ = encode(&mut text, &registry);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_names_every_figure_with_its_labels() {
        let metrics = Metrics::new();
        metrics.accepted("queued");
        metrics.refused(Refusal::QueueFull);
        metrics.sent(0.02);
        metrics.limited(2, 3, true);
        let depth = Depth { queued: 4, oldest_received_at: Some(1_000), records: 9, ..Depth::default() };
        let text = metrics.render(Some(&depth), 61_000);
        for line in [
            "ep_reset_mailer_events_accepted_total{result=\"queued\"} 1",
            "ep_reset_mailer_events_refused_total{reason=\"queue_full\"} 1",
            "ep_reset_mailer_mails_sent_total 1",
            "ep_reset_mailer_mails_suppressed_total{limit=\"per_recipient\"} 2",
            "ep_reset_mailer_mails_suppressed_total{limit=\"collapsed\"} 3",
            "ep_reset_mailer_send_rate_waits_total 1",
            "ep_reset_mailer_queue_depth 4",
            "ep_reset_mailer_queue_oldest_age_seconds 60",
            "ep_reset_mailer_dedupe_records 9",
            "ep_reset_mailer_queue_up 1",
            "ep_reset_mailer_smtp_handover_seconds_count 1",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing from\n{text}");
        }
        assert!(metrics.render(None, 0).lines().any(|l| l == "ep_reset_mailer_queue_up 0"));
    }
}
