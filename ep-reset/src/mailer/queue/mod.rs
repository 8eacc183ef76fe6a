//! The durable queue, one row per envelope `id`, written before the webhook answers 2xx: an SQLite file
//! for one host ([`sqlite`]) or a PostgreSQL database shared by several ([`postgres`]), behind one
//! [`Store`] with the same rules.
//!
//! A worker claims due rows under a lease (owner and expiry), so two workers never hold the same row and
//! a worker that dies leaves a lease that simply runs out. The claim also applies the sending limits, in
//! the database so that every mailer sharing it shares them: an older queued mail to an address that has a
//! newer one is *collapsed* (the newest code is the one that works), a mail past the per-recipient limit is
//! *suppressed*, and past the global rate the rest waits. Once a mail is finished its row keeps only the
//! id and the outcome (the dedupe record): the code, the address and the name are erased.

pub mod postgres;
pub mod sqlite;

use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::clock::{Clock, EpochMs};
use super::envelope::Notification;

/// What went wrong with the database. No message contains a password or a code.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// SQLite refused (the file is unreadable, locked for too long, full, …).
    #[error("the queue database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: std::path::PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// PostgreSQL refused or cannot be reached.
    #[error("the queue database {target}: {reason}")]
    Postgres {
        /// Host, port and database (never the password).
        target: String,
        /// The driver's or the server's reason.
        reason: String,
    },
    /// The database was made by a newer version of this tool.
    #[error("the queue database {target} has schema version {found}; this ep-reset knows version {known}")]
    NewerSchema {
        /// The database.
        target: String,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// The queue file could not be created private.
    #[error("the queue database {path}: cannot create it with mode 0600: {reason}")]
    Create {
        /// The database file.
        path: std::path::PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// A blocking call did not finish.
    #[error("the queue call did not finish: {0}")]
    Interrupted(String),
}

/// What happened to an envelope handed to [`Store::enqueue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// New: it will be sent.
    Queued,
    /// Its `id` is already in the queue (queued, sent or dropped): nothing changes.
    Duplicate,
    /// New, but its code had already expired: recorded as expired, never sent.
    ExpiredOnArrival,
    /// New, but the queue holds its maximum of waiting mail: not stored.
    Full,
}

/// A mail a worker has leased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// What to send (its `attempt` and `created_at` are not stored and come back as `None`).
    pub notification: Notification,
    /// Attempts made, this one included.
    pub attempts: u32,
    /// When the code's lifetime started.
    pub lifetime_start: EpochMs,
}

/// What one claim did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Claim {
    /// The mails now leased to the caller.
    pub mails: Vec<Claimed>,
    /// Mails finished as collapsed (a newer one to the same address waits).
    pub collapsed: u64,
    /// Mails finished as suppressed (their address had its limit of mails).
    pub suppressed: u64,
    /// Whether the global send rate left due mail waiting.
    pub deferred: bool,
}

/// The limits a claim applies, shared by every mailer on the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendLimits {
    /// Mails let through to one address within [`Self::recipient_window_ms`], at most.
    pub per_recipient: u32,
    /// The per-recipient window.
    pub recipient_window_ms: EpochMs,
    /// Mails let through per second, at most, by all mailers together.
    pub per_second: u32,
}

impl SendLimits {
    /// No limit at all (tests and benchmarks of other rules).
    pub const NONE: Self = Self { per_recipient: u32::MAX, recipient_window_ms: 1, per_second: u32::MAX };

    /// How long a send record must be kept for the two limits.
    pub fn retention_ms(&self) -> EpochMs {
        self.recipient_window_ms.max(1_000)
    }
}

/// How a finished mail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Handed to the SMTP server.
    Sent,
    /// Its code's lifetime ran out first.
    Expired,
    /// The SMTP server refused it for good.
    Failed,
    /// A newer mail to the same address replaced it.
    Collapsed,
    /// Its address had had its limit of mails.
    Suppressed,
}

impl Outcome {
    /// The `state` column's value.
    pub fn state(self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Expired => "expired",
            Outcome::Failed => "failed",
            Outcome::Collapsed => "collapsed",
            Outcome::Suppressed => "suppressed",
        }
    }
}

/// Counts for `/readyz` and `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Depth {
    /// Mails waiting to be sent (due or not).
    pub queued: u64,
    /// Of those, the ones due now.
    pub due: u64,
    /// Of those, the ones leased by a worker right now.
    pub leased: u64,
    /// When the oldest queued mail arrived.
    pub oldest_received_at: Option<EpochMs>,
    /// Dedupe records (finished mails of every outcome).
    pub records: u64,
}

/// What one maintenance pass removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Maintained {
    /// Dedupe records past their retention.
    pub expired_records: u64,
    /// Dedupe records over the bound (the oldest first).
    pub pruned_records: u64,
}

/// The key an address is counted under: the SHA-256 of its lower-cased form, so the send records (kept
/// for the limit's window) do not hold the address itself.
pub fn recipient_key(email: &str) -> String {
    Sha256::digest(email.trim().to_lowercase().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn millis(duration: Duration) -> EpochMs {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Where the queue is: `--db`, a file path or a `postgres://` (`postgresql://`) URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An SQLite file.
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL connection URL (it may hold a password: never print it, print [`Target::describe`]).
    Postgres(String),
}

impl Target {
    /// Reads `--db`.
    pub fn parse(db: &str) -> Self {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Self::Postgres(db.to_string())
        } else {
            Self::Sqlite(db.into())
        }
    }

    /// What the start-up line and errors may show: the path, or PostgreSQL's host, port and database.
    pub fn describe(&self) -> String {
        match self {
            Self::Sqlite(path) => path.display().to_string(),
            Self::Postgres(url) => postgres::describe(url),
        }
    }
}

/// One connection to the queue (open one per worker or server).
#[derive(Clone)]
pub enum Store {
    /// SQLite, whose calls block: they run on tokio's blocking pool.
    Sqlite(Arc<sqlite::Queue>),
    /// PostgreSQL.
    Postgres(Arc<postgres::Queue>),
}

impl Store {
    /// Opens (creating and migrating as needed) the queue at `target`.
    pub async fn open(target: &Target) -> Result<Self, QueueError> {
        match target {
            Target::Sqlite(path) => {
                let path = path.clone();
                let queue = tokio::task::spawn_blocking(move || sqlite::Queue::open(&path))
                    .await
                    .map_err(|e| QueueError::Interrupted(e.to_string()))??;
                Ok(Self::Sqlite(Arc::new(queue)))
            }
            Target::Postgres(url) => Ok(Self::Postgres(Arc::new(postgres::Queue::open(url).await?))),
        }
    }

    async fn blocking<T: Send + 'static>(
        queue: &Arc<sqlite::Queue>,
        call: impl FnOnce(&sqlite::Queue) -> Result<T, QueueError> + Send + 'static,
    ) -> Result<T, QueueError> {
        let queue = Arc::clone(queue);
        tokio::task::spawn_blocking(move || call(&queue))
            .await
            .map_err(|e| QueueError::Interrupted(e.to_string()))?
    }

    /// Records `notification` unless its envelope `id` is known or `max_queued` mails already wait; once
    /// this returns, the row is committed. A code already past its lifetime (`expired`) is recorded
    /// without its personal data and never sent.
    pub async fn enqueue(
        &self,
        notification: Notification,
        received_at: EpochMs,
        lifetime_start: EpochMs,
        expired: bool,
        max_queued: u64,
    ) -> Result<Enqueued, QueueError> {
        match self {
            Self::Sqlite(queue) => {
                Self::blocking(queue, move |q| {
                    q.enqueue(&notification, received_at, lifetime_start, expired, max_queued)
                })
                .await
            }
            Self::Postgres(queue) => {
                queue
                    .bounded(queue.enqueue(&notification, received_at, lifetime_start, expired, max_queued))
                    .await
            }
        }
    }

    /// Leases up to `limit` due mails to `owner` for `lease`, after applying `limits`. The time is read
    /// from `clock` once the claim holds its lock, so the wait for the lock does not shorten the lease.
    pub async fn claim(
        &self,
        owner: String,
        clock: Arc<dyn Clock>,
        lease: Duration,
        limit: u32,
        limits: SendLimits,
    ) -> Result<Claim, QueueError> {
        match self {
            Self::Sqlite(queue) => {
                Self::blocking(queue, move |q| q.claim(&owner, clock.as_ref(), lease, limit, limits)).await
            }
            Self::Postgres(queue) => {
                queue.bounded(queue.claim(&owner, clock.as_ref(), lease, limit, limits)).await
            }
        }
    }

    /// Ends a mail: keeps only its id, times and outcome (`reason`, if any, is a short text without
    /// personal data).
    pub async fn finish(
        &self,
        envelope_id: String,
        outcome: Outcome,
        now: EpochMs,
        reason: Option<String>,
    ) -> Result<(), QueueError> {
        match self {
            Self::Sqlite(queue) => {
                Self::blocking(queue, move |q| q.finish(&envelope_id, outcome, now, reason.as_deref())).await
            }
            Self::Postgres(queue) => {
                queue.bounded(queue.finish(&envelope_id, outcome, now, reason.as_deref())).await
            }
        }
    }

    /// Gives a leased mail back to be tried again at `next_attempt_at` (only if `owner` still holds it).
    pub async fn retry_at(
        &self,
        envelope_id: String,
        owner: String,
        next_attempt_at: EpochMs,
        reason: String,
    ) -> Result<(), QueueError> {
        match self {
            Self::Sqlite(queue) => {
                Self::blocking(queue, move |q| q.retry_at(&envelope_id, &owner, next_attempt_at, &reason))
                    .await
            }
            Self::Postgres(queue) => {
                queue.bounded(queue.retry_at(&envelope_id, &owner, next_attempt_at, &reason)).await
            }
        }
    }

    /// The counts at `now`.
    pub async fn depth(&self, now: EpochMs) -> Result<Depth, QueueError> {
        match self {
            Self::Sqlite(queue) => Self::blocking(queue, move |q| q.depth(now)).await,
            Self::Postgres(queue) => queue.bounded(queue.depth(now)).await,
        }
    }

    /// Forgets dedupe records finished before `before` and the oldest beyond `max_records`, and send
    /// records older than `sends_before`.
    pub async fn maintain(
        &self,
        before: EpochMs,
        max_records: u64,
        sends_before: EpochMs,
    ) -> Result<Maintained, QueueError> {
        match self {
            Self::Sqlite(queue) => {
                Self::blocking(queue, move |q| q.maintain(before, max_records, sends_before)).await
            }
            Self::Postgres(queue) => queue.bounded(queue.maintain(before, max_records, sends_before)).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recipient_key_ignores_case_and_hides_the_address() {
        let key = recipient_key("Ada@Example.com");
        assert_eq!(key, recipient_key(" ada@example.com"));
        assert_ne!(key, recipient_key("grace@example.com"));
        assert_eq!(key.len(), 64);
        assert!(!key.contains("ada"));
    }

    #[test]
    fn a_postgres_url_is_told_from_a_path() {
        assert_eq!(Target::parse("q.sqlite3"), Target::Sqlite("q.sqlite3".into()));
        assert!(matches!(Target::parse("postgres://u:p@h/db"), Target::Postgres(_)));
        assert!(matches!(Target::parse("postgresql://h/db"), Target::Postgres(_)));
        assert!(!Target::parse("postgres://u:s3cr3t@h:5433/db").describe().contains("s3cr3t"));
    }
}
