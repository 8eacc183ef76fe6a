//! The worker: takes due mail from the queue under a lease, drops what the 10-minute rule says is too
//! late, hands the rest to SMTP, and records each outcome.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use super::backoff::Backoff;
use super::clock::{Clock, EpochMs};
use super::compose::{self, Style};
use super::freshness::{self, Freshness};
use super::health::SmtpHealth;
use super::metrics::Metrics;
use super::queue::{Claimed, Outcome, SendLimits, Store};
use super::redact;
use super::smtp::{Delivery, Smtp};
use super::templates::Templates;

/// Hand-overs under way at most (one per pooled SMTP connection).
pub const BATCH: u32 = super::smtp::POOL_SIZE;
/// How often an idle worker looks for mail another process queued or a lease that ran out.
const IDLE_POLL: Duration = Duration::from_millis(500);
/// How often old dedupe records are purged and the journal truncated.
const MAINTENANCE_EVERY_MS: EpochMs = 60_000;
/// How long a finished mail's id is remembered, so a late repeat of its envelope is still recognised.
pub const DEDUPE_RETENTION_MS: EpochMs = 7 * 24 * 60 * 60 * 1000;
/// A lease outlasts the SMTP hand-over by this much.
const LEASE_MARGIN: Duration = Duration::from_secs(1);

/// What the worker needs.
pub struct Worker {
    /// Its own connection to the queue.
    pub queue: Store,
    /// The SMTP pool.
    pub smtp: Arc<Smtp>,
    /// `--app-url`.
    pub app_url: String,
    /// `--link-style` and `--greeting-name`.
    pub style: Style,
    /// The sending limits.
    pub limits: SendLimits,
    /// `--max-dedupe-records`.
    pub max_dedupe_records: u64,
    /// The figures.
    pub metrics: Arc<Metrics>,
    /// The templates.
    pub templates: Templates,
    /// `--from`.
    pub from: Mailbox,
    /// The retry schedule.
    pub backoff: Backoff,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// The SMTP state, shared with `/readyz`.
    pub health: Arc<SmtpHealth>,
    /// This process's lease owner name.
    pub owner: String,
    /// Woken by the server when it queues mail.
    pub wake: Arc<Notify>,
}

/// One log line on stderr.
pub fn log(line: &str) {
    eprintln!("ep-reset mailer: {line}");
}

impl Worker {
    fn lease(&self) -> Duration {
        self.smtp.deadline().saturating_add(LEASE_MARGIN)
    }

    /// Runs until `stop` turns true, keeping up to [`BATCH`] hand-overs under way (mail being handed over
    /// when it stops is finished first).
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let probe = Arc::clone(&self);
        tokio::spawn(async move { probe.probe().await });
        let mut last_maintenance = EpochMs::MIN;
        let mut queue_failing = false;
        let mut under_way = JoinSet::new();
        loop {
            // A dropped sender (the handle was not shut down) also means stop.
            let stopping = *stop.borrow() || stop.has_changed().is_err();
            if stopping {
                if under_way.join_next().await.is_none() {
                    // The last hand-over's erasure may sit only in the write-ahead log: truncate it now, not
                    // at the next start.
                    self.maintain(self.clock.now()).await;
                    break;
                }
                continue;
            }
            let now = self.clock.now();
            if now.saturating_sub(last_maintenance) >= MAINTENANCE_EVERY_MS {
                last_maintenance = now;
                self.maintain(now).await;
            }
            let room = BATCH.saturating_sub(u32::try_from(under_way.len()).unwrap_or(BATCH));
            let mut claimed = 0;
            if room > 0 {
                let (owner, clock) = (self.owner.clone(), Arc::clone(&self.clock));
                match self.queue.claim(owner, clock, self.lease(), room, self.limits).await {
                    Ok(batch) => {
                        queue_failing = false;
                        self.metrics.limited(batch.suppressed, batch.collapsed, batch.deferred);
                        if batch.suppressed + batch.collapsed > 0 {
                            log(&format!(
                                "{} mail(s) not sent: a newer one to the same address waits; {} mail(s) not sent: their address had its limit",
                                batch.collapsed, batch.suppressed
                            ));
                        }
                        // Finished rows freed their slots at once: look again rather than idle.
                        let finished = batch.suppressed + batch.collapsed > 0;
                        claimed = batch.mails.len();
                        if finished && claimed == 0 {
                            continue;
                        }
                        for mail in batch.mails {
                            under_way.spawn(Arc::clone(&self).deliver(mail));
                        }
                    }
                    Err(reason) => {
                        if !queue_failing {
                            log(&format!("cannot read the queue, trying again: {reason}"));
                            queue_failing = true;
                        }
                    }
                }
            }
            if claimed > 0 && claimed == room as usize {
                // Every free slot was filled, so more may be due: claim again as soon as one frees up.
                under_way.join_next().await;
                continue;
            }
            if under_way.is_empty() {
                tokio::select! {
                    () = self.wake.notified() => {}
                    () = tokio::time::sleep(IDLE_POLL) => {}
                    _ = stop.changed() => {}
                }
            } else {
                tokio::select! {
                    _ = under_way.join_next() => {}
                    () = self.wake.notified() => {}
                    () = tokio::time::sleep(IDLE_POLL) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }

    /// Checks the SMTP server once at start, so `/readyz` and the log say early whether it answers.
    async fn probe(&self) {
        let target = self.smtp.target().to_string();
        match self.smtp.probe(self.smtp.deadline()).await {
            Ok(()) => {
                self.health.record_up(self.clock.now());
                log(&format!("the SMTP server {target} answers"));
            }
            Err(reason) => {
                self.health.record_down(self.clock.now(), &reason);
                log(&format!("the SMTP server {target} does not answer ({reason}); mail waits in the queue"));
            }
        }
    }

    async fn maintain(&self, now: EpochMs) {
        let before = now.saturating_sub(DEDUPE_RETENTION_MS);
        let sends_before = now.saturating_sub(self.limits.retention_ms());
        match self.queue.maintain(before, self.max_dedupe_records, sends_before).await {
            Ok(done) => {
                self.metrics.records_removed(done.expired_records, done.pruned_records);
                if done.expired_records > 0 {
                    log(&format!("forgot {} envelope id(s) finished over 7 days ago", done.expired_records));
                }
                if done.pruned_records > 0 {
                    log(&format!(
                        "forgot the {} oldest envelope id(s) over --max-dedupe-records",
                        done.pruned_records
                    ));
                }
            }
            Err(reason) => log(&format!("queue maintenance failed: {reason}")),
        }
    }

    /// Sends one leased mail, or drops it, and records what happened.
    async fn deliver(self: Arc<Self>, mail: Claimed) {
        let id = redact::identifier(&mail.notification.envelope_id);
        let to = redact::email(&mail.notification.email);
        let attempt = mail.attempts;
        let now = self.clock.now();
        if let Freshness::Expired { late_by_ms } = freshness::freshness(mail.lifetime_start, now) {
            log(&format!(
                "envelope {id} to {to}: dropped, not sent: its code expired {} s ago ({} attempt(s) made)",
                late_by_ms / 1000,
                attempt.saturating_sub(1)
            ));
            self.metrics.expired();
            self.finish(&mail, Outcome::Expired, now, Some("the code expired before it could be sent")).await;
            return;
        }
        let composed =
            compose::compose(&self.app_url, self.style, &self.templates, &self.from, &mail.notification);
        let message = match composed {
            Ok(message) => message,
            Err(error) => {
                log(&format!("envelope {id} to {to}: not sent: {error}"));
                self.finish(&mail, Outcome::Failed, now, Some(&error.to_string())).await;
                return;
            }
        };
        let started = std::time::Instant::now();
        let delivery = self.smtp.send(message).await;
        let seconds = started.elapsed().as_secs_f64();
        let now = self.clock.now();
        match delivery {
            Delivery::Sent => {
                self.metrics.sent(seconds);
                self.health.record_up(now);
                self.finish(&mail, Outcome::Sent, now, None).await;
                log(&format!("envelope {id} to {to}: sent (attempt {attempt})"));
            }
            Delivery::Permanent(reason) => {
                self.metrics.failed(true, seconds);
                self.health.record_up(now);
                log(&format!("envelope {id} to {to}: not sent, refused for good: {reason}"));
                self.finish(&mail, Outcome::Failed, now, Some(&reason)).await;
            }
            Delivery::Transient(reason) => {
                self.metrics.failed(false, seconds);
                if self.health.record_down(now, &reason) {
                    log(&format!("the SMTP server {} fails: {reason}", self.smtp.target()));
                }
                let wait = self.backoff.after(attempt);
                let next = now.saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX));
                log(&format!(
                    "envelope {id} to {to}: attempt {attempt} failed ({reason}); next in {:.1} s",
                    wait.as_secs_f64()
                ));
                let (envelope_id, owner) = (mail.notification.envelope_id.clone(), self.owner.clone());
                if let Err(error) = self.queue.retry_at(envelope_id, owner, next, reason).await {
                    log(&format!(
                        "envelope {id}: cannot reschedule ({error}); its lease will run out instead"
                    ));
                }
            }
        }
    }

    async fn finish(&self, mail: &Claimed, outcome: Outcome, now: EpochMs, reason: Option<&str>) {
        let envelope_id = mail.notification.envelope_id.clone();
        let reason = reason.map(str::to_string);
        if let Err(error) = self.queue.finish(envelope_id, outcome, now, reason).await {
            // The mail stays queued under a lease that runs out: a sent mail could go out twice, so say so.
            log(&format!(
                "envelope {}: cannot record the outcome ({error})",
                redact::identifier(&mail.notification.envelope_id)
            ));
        }
    }
}
