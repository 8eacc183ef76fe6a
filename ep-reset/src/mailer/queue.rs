//! The durable queue: one SQLite database file (WAL journal, full sync) holding one row per envelope
//! `id`, written before the webhook answers 2xx.
//!
//! Several mailer processes may share the file on one host. A worker takes rows by writing a lease
//! (owner and expiry) in one `BEGIN IMMEDIATE` transaction, so two workers never hold the same row; a
//! worker that dies leaves a lease that simply runs out. Once a mail is sent, expired or refused, its row
//! keeps only the id and the outcome (the dedupe record): the code, the address and the name are erased
//! (with SQLite's `secure_delete`, and the journal is truncated at each maintenance pass).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use ep_reset_core::locale::Locale;

use super::clock::EpochMs;
use super::envelope::Notification;

/// The schema version in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 2;

/// How long a connection waits for another process's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SCHEMA: &str = "
CREATE TABLE mail (
    envelope_id         TEXT PRIMARY KEY NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'expired', 'failed')),
    received_at         INTEGER NOT NULL,
    lifetime_start      INTEGER NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    lease_owner         TEXT,
    lease_until         INTEGER,
    finished_at         INTEGER,
    last_error          TEXT,
    recipient           TEXT,
    name                TEXT,
    username            TEXT,
    code                TEXT,
    password_profile_id TEXT,
    realm_id            TEXT,
    credential_id       TEXT,
    locale              TEXT
) STRICT;
CREATE INDEX mail_due ON mail (state, next_attempt_at);
CREATE INDEX mail_finished ON mail (finished_at) WHERE finished_at IS NOT NULL;
";

/// The columns a claim reads back, in order.
const MAIL_COLUMNS: &str = "envelope_id, attempts, lifetime_start, recipient, name, username, code, \
                            password_profile_id, realm_id, credential_id, locale";

/// What went wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    /// SQLite refused (the file is unreadable, locked for too long, full, …).
    #[error("the queue database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file was made by a newer version of this tool.
    #[error(
        "the queue database {path} has schema version {found}; this ep-reset knows version {SCHEMA_VERSION}"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
    },
}

/// What happened to an envelope handed to [`Queue::enqueue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// New: it will be sent.
    Queued,
    /// Its `id` is already in the queue (queued, sent or dropped): nothing changes.
    Duplicate,
    /// New, but its code had already expired: recorded as expired, never sent.
    ExpiredOnArrival,
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

/// How a finished mail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Handed to the SMTP server.
    Sent,
    /// Its code's lifetime ran out first.
    Expired,
    /// The SMTP server refused it for good.
    Failed,
}

impl Outcome {
    fn state(self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Expired => "expired",
            Outcome::Failed => "failed",
        }
    }
}

/// Counts for `/healthz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Depth {
    /// Mails waiting to be sent (due or not).
    pub queued: u64,
    /// Of those, the ones due now.
    pub due: u64,
    /// Of those, the ones leased by a worker right now.
    pub leased: u64,
    /// When the oldest queued mail's code was created.
    pub oldest_lifetime_start: Option<EpochMs>,
    /// Dedupe records of sent mails.
    pub sent: u64,
    /// Dedupe records of mails dropped because their code expired.
    pub expired: u64,
    /// Dedupe records of mails the SMTP server refused for good.
    pub failed: u64,
}

/// A handle on the queue database (one connection; open one per worker or server as needed).
pub struct Queue {
    path: PathBuf,
    connection: Mutex<Connection>,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Queue {
    /// Opens (creating if needed) the database at `path`, in WAL mode, and creates the schema.
    pub fn open(path: &Path) -> Result<Self, QueueError> {
        let sqlite = |source| QueueError::Sqlite { path: path.to_path_buf(), source };
        let existed = path.exists();
        let mut connection = Connection::open(path).map_err(sqlite)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        // WAL: readers and one writer at a time across processes; FULL: a commit is on disk before the
        // webhook's 2xx; secure_delete: erased codes are overwritten, not left in free pages.
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")
            .map_err(sqlite)?;
        if !existed {
            restrict_permissions(path);
        }
        let transaction =
            connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sqlite)?;
        let version: i64 =
            transaction.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(sqlite)?;
        match version {
            0 => {
                transaction.execute_batch(SCHEMA).map_err(sqlite)?;
                transaction
                    .execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
                    .map_err(sqlite)?;
            }
            // Version 2 added the e-mail's language.
            1 => {
                transaction
                    .execute_batch(&format!(
                        "ALTER TABLE mail ADD COLUMN locale TEXT; PRAGMA user_version = {SCHEMA_VERSION}"
                    ))
                    .map_err(sqlite)?;
            }
            SCHEMA_VERSION => {}
            found => return Err(QueueError::NewerSchema { path: path.to_path_buf(), found }),
        }
        transaction.commit().map_err(sqlite)?;
        Ok(Self { path: path.to_path_buf(), connection: Mutex::new(connection) })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sqlite(&self, source: rusqlite::Error) -> QueueError {
        QueueError::Sqlite { path: self.path.clone(), source }
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (it has its own transactions).
        self.connection.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records `notification`, received at `received_at`, unless its envelope `id` is known; once this
    /// returns, the row is on disk. A code already past its lifetime (`expired`) is recorded without its
    /// personal data and never sent.
    pub fn enqueue(
        &self,
        notification: &Notification,
        received_at: EpochMs,
        lifetime_start: EpochMs,
        expired: bool,
    ) -> Result<Enqueued, QueueError> {
        let connection = self.connection();
        let inserted = if expired {
            connection.execute(
                "INSERT INTO mail (envelope_id, state, received_at, lifetime_start, next_attempt_at, finished_at)
                 VALUES (?1, 'expired', ?2, ?3, ?2, ?2) ON CONFLICT (envelope_id) DO NOTHING",
                params![notification.envelope_id, received_at, lifetime_start],
            )
        } else {
            connection.execute(
                "INSERT INTO mail (envelope_id, state, received_at, lifetime_start, next_attempt_at,
                                   recipient, name, username, code, password_profile_id, realm_id, credential_id,
                                   locale)
                 VALUES (?1, 'queued', ?2, ?3, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (envelope_id) DO NOTHING",
                params![
                    notification.envelope_id,
                    received_at,
                    lifetime_start,
                    notification.email,
                    notification.name,
                    notification.username,
                    notification.code,
                    notification.password_profile_id,
                    notification.authentication_realm_id,
                    notification.credential_id,
                    notification.locale.map(Locale::tag),
                ],
            )
        }
        .map_err(|e| self.sqlite(e))?;
        Ok(match (inserted, expired) {
            (0, _) => Enqueued::Duplicate,
            (_, false) => Enqueued::Queued,
            (_, true) => Enqueued::ExpiredOnArrival,
        })
    }

    /// Leases up to `limit` due mails to `owner` until `now + lease`, counting an attempt for each; a row
    /// leased by another worker whose lease has not run out is never returned.
    pub fn claim(
        &self,
        owner: &str,
        now: EpochMs,
        lease: Duration,
        limit: u32,
    ) -> Result<Vec<Claimed>, QueueError> {
        let lease_until = now.saturating_add(i64::try_from(lease.as_millis()).unwrap_or(i64::MAX));
        let mut connection = self.connection();
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.sqlite(e))?;
        let rows = {
            let mut statement = transaction
                .prepare_cached(&format!(
                    "UPDATE mail SET lease_owner = ?1, lease_until = ?2, attempts = attempts + 1
                     WHERE envelope_id IN (
                         SELECT envelope_id FROM mail
                         WHERE state = 'queued' AND next_attempt_at <= ?3
                           AND (lease_until IS NULL OR lease_until <= ?3)
                         ORDER BY next_attempt_at, received_at LIMIT ?4)
                     RETURNING {MAIL_COLUMNS}"
                ))
                .map_err(|e| self.sqlite(e))?;
            let rows = statement
                .query_map(params![owner, lease_until, now, limit], read_claimed)
                .map_err(|e| self.sqlite(e))?;
            rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.sqlite(e))?
        };
        transaction.commit().map_err(|e| self.sqlite(e))?;
        drop(connection);
        let mut claimed = Vec::with_capacity(rows.len());
        for row in rows {
            let envelope_id = row.envelope_id.clone();
            match row.into_claimed() {
                Ok(mail) => claimed.push(mail),
                // Only a hand-edited row lacks these: it can never be sent, so it must not come back.
                Err(column) => self.finish(&envelope_id, Outcome::Failed, now, Some(column))?,
            }
        }
        Ok(claimed)
    }

    /// Ends a mail: keeps only its id, times and outcome (`reason`, if any, is a short text without
    /// personal data).
    pub fn finish(
        &self,
        envelope_id: &str,
        outcome: Outcome,
        now: EpochMs,
        reason: Option<&str>,
    ) -> Result<(), QueueError> {
        self.connection()
            .execute(
                "UPDATE mail SET state = ?2, finished_at = ?3, last_error = ?4, lease_owner = NULL, lease_until = NULL,
                    recipient = NULL, name = NULL, username = NULL, code = NULL,
                    password_profile_id = NULL, realm_id = NULL, credential_id = NULL
                 WHERE envelope_id = ?1 AND state = 'queued'",
                params![envelope_id, outcome.state(), now, reason],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(())
    }

    /// Gives a leased mail back to be tried again at `next_attempt_at` (only if `owner` still holds it).
    pub fn retry_at(
        &self,
        envelope_id: &str,
        owner: &str,
        next_attempt_at: EpochMs,
        reason: &str,
    ) -> Result<(), QueueError> {
        self.connection()
            .execute(
                "UPDATE mail SET next_attempt_at = ?3, last_error = ?4, lease_owner = NULL, lease_until = NULL
                 WHERE envelope_id = ?1 AND lease_owner = ?2 AND state = 'queued'",
                params![envelope_id, owner, next_attempt_at, reason],
            )
            .map_err(|e| self.sqlite(e))?;
        Ok(())
    }

    /// The counts at `now`.
    pub fn depth(&self, now: EpochMs) -> Result<Depth, QueueError> {
        self.connection()
            .query_row(
                "SELECT
                    COUNT(*) FILTER (WHERE state = 'queued'),
                    COUNT(*) FILTER (WHERE state = 'queued' AND next_attempt_at <= ?1),
                    COUNT(*) FILTER (WHERE state = 'queued' AND lease_until > ?1),
                    MIN(lifetime_start) FILTER (WHERE state = 'queued'),
                    COUNT(*) FILTER (WHERE state = 'sent'),
                    COUNT(*) FILTER (WHERE state = 'expired'),
                    COUNT(*) FILTER (WHERE state = 'failed')
                 FROM mail",
                params![now],
                |row| {
                    let count =
                        |index: usize| row.get::<_, i64>(index).map(|n| u64::try_from(n).unwrap_or(0));
                    Ok(Depth {
                        queued: count(0)?,
                        due: count(1)?,
                        leased: count(2)?,
                        oldest_lifetime_start: row.get(3)?,
                        sent: count(4)?,
                        expired: count(5)?,
                        failed: count(6)?,
                    })
                },
            )
            .map_err(|e| self.sqlite(e))
    }

    /// When the next queued mail is due, if any.
    pub fn next_due(&self) -> Result<Option<EpochMs>, QueueError> {
        self.connection()
            .query_row("SELECT MIN(next_attempt_at) FROM mail WHERE state = 'queued'", [], |row| row.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.sqlite(e))
    }

    /// Deletes dedupe records finished before `before` and truncates the write-ahead log (where erased
    /// values may still linger); returns how many records went.
    pub fn maintain(&self, before: EpochMs) -> Result<usize, QueueError> {
        let connection = self.connection();
        let purged = connection
            .execute("DELETE FROM mail WHERE state <> 'queued' AND finished_at < ?1", params![before])
            .map_err(|e| self.sqlite(e))?;
        // Another process reading at this moment makes the checkpoint partial; the next pass finishes it.
        connection
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(|e| self.sqlite(e))?;
        Ok(purged)
    }
}

/// A claimed row as read, before the required columns are checked.
struct Row {
    envelope_id: String,
    attempts: i64,
    lifetime_start: EpochMs,
    recipient: Option<String>,
    name: Option<String>,
    username: Option<String>,
    code: Option<String>,
    password_profile_id: Option<String>,
    realm_id: Option<String>,
    credential_id: Option<String>,
    locale: Option<String>,
}

fn read_claimed(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        envelope_id: row.get(0)?,
        attempts: row.get(1)?,
        lifetime_start: row.get(2)?,
        recipient: row.get(3)?,
        name: row.get(4)?,
        username: row.get(5)?,
        code: row.get(6)?,
        password_profile_id: row.get(7)?,
        realm_id: row.get(8)?,
        credential_id: row.get(9)?,
        locale: row.get(10)?,
    })
}

impl Row {
    /// The claimed mail, or the first required column that is empty.
    fn into_claimed(self) -> Result<Claimed, &'static str> {
        let (Some(email), Some(username), Some(code)) = (self.recipient, self.username, self.code) else {
            return Err("a queued row without recipient, username or code");
        };
        Ok(Claimed {
            notification: Notification {
                envelope_id: self.envelope_id,
                attempt: None,
                created_at: None,
                email,
                name: self.name,
                username,
                code,
                password_profile_id: self.password_profile_id,
                authentication_realm_id: self.realm_id,
                credential_id: self.credential_id,
                locale: self.locale.as_deref().and_then(Locale::from_tag),
            },
            attempts: u32::try_from(self.attempts).unwrap_or(u32::MAX),
            lifetime_start: self.lifetime_start,
        })
    }
}

/// Only the owner may read a new database file: it holds codes and addresses until they are sent.
fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests;
