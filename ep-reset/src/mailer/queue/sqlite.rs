//! The queue as one SQLite database file (WAL journal, full sync) for one host.
//!
//! Several mailer processes on the host may share the file: a claim is one `BEGIN IMMEDIATE` transaction,
//! so two workers never hold the same row and the limits' counts are read and written by one claim at a
//! time. Erased values are overwritten (`secure_delete`), and the journal is truncated at each maintenance
//! pass.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use ep_reset_core::locale::Locale;

use super::super::clock::{Clock, EpochMs};
use super::super::envelope::Notification;
use super::{
    Claim, Claimed, Depth, Enqueued, Maintained, Outcome, QueueError, SendLimits, millis, recipient_key,
};

/// The schema version in `PRAGMA user_version`.
pub const SCHEMA_VERSION: i64 = 3;

/// How long a connection waits for another process's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Version 3's tables, created by a new file and by the migration from version 2.
const MAIL_TABLE: &str = "
CREATE TABLE mail (
    envelope_id         TEXT PRIMARY KEY NOT NULL,
    state               TEXT NOT NULL
                        CHECK (state IN ('queued', 'sent', 'expired', 'failed', 'collapsed', 'suppressed')),
    received_at         INTEGER NOT NULL,
    lifetime_start      INTEGER NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     INTEGER NOT NULL,
    lease_owner         TEXT,
    lease_until         INTEGER,
    finished_at         INTEGER,
    last_error          TEXT,
    recipient           TEXT,
    recipient_key       TEXT,
    name                TEXT,
    username            TEXT,
    code                TEXT,
    password_profile_id TEXT,
    realm_id            TEXT,
    credential_id       TEXT,
    locale              TEXT
) STRICT;
";

const INDEXES: &str = "
CREATE INDEX mail_due ON mail (state, next_attempt_at);
CREATE INDEX mail_finished ON mail (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX mail_recipient ON mail (recipient_key) WHERE state = 'queued';
CREATE TABLE send (
    envelope_id   TEXT PRIMARY KEY NOT NULL,
    recipient_key TEXT NOT NULL,
    sent_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX send_recipient ON send (recipient_key, sent_at);
CREATE INDEX send_at ON send (sent_at);
";

/// Version 1 lacked the language; version 2 lacked the limits (the recipient key, the send records and
/// the collapsed and suppressed states, which need the table rebuilt for its `CHECK`).
const FROM_VERSION_1: &str = "ALTER TABLE mail ADD COLUMN locale TEXT;";
const FROM_VERSION_2: &str = "
ALTER TABLE mail RENAME TO mail_v2;
DROP INDEX mail_due;
DROP INDEX mail_finished;
";
const COPY_VERSION_2: &str = "
INSERT INTO mail (envelope_id, state, received_at, lifetime_start, attempts, next_attempt_at, lease_owner,
                  lease_until, finished_at, last_error, recipient, name, username, code, password_profile_id,
                  realm_id, credential_id, locale)
SELECT envelope_id, state, received_at, lifetime_start, attempts, next_attempt_at, lease_owner, lease_until,
       finished_at, last_error, recipient, name, username, code, password_profile_id, realm_id, credential_id,
       locale
FROM mail_v2;
DROP TABLE mail_v2;
";

/// The columns a claim reads back, in order.
const MAIL_COLUMNS: &str = "envelope_id, attempts, lifetime_start, recipient, name, username, code, \
                            password_profile_id, realm_id, credential_id, locale";

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

/// Creates the file with mode 0600 unless it exists, so SQLite never makes it readable by others, not
/// even for a moment (its journal files take the database file's mode).
fn create_private(path: &Path) -> Result<(), QueueError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(QueueError::Create { path: path.to_path_buf(), reason: e.to_string() }),
    }
}

impl Queue {
    /// Opens (creating if needed, mode 0600) the database at `path`, in WAL mode, and creates or
    /// migrates the schema.
    pub fn open(path: &Path) -> Result<Self, QueueError> {
        let sqlite = |source| QueueError::Sqlite { path: path.to_path_buf(), source };
        create_private(path)?;
        let mut connection = Connection::open(path).map_err(sqlite)?;
        connection.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
        // WAL: readers and one writer at a time across processes; FULL: a commit is on disk before the
        // webhook's 2xx; secure_delete: erased codes are overwritten, not left in free pages.
        connection
            .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")
            .map_err(sqlite)?;
        let transaction =
            connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sqlite)?;
        migrate(&transaction, path).map_err(|e| match e {
            Migration::Sqlite(source) => sqlite(source),
            Migration::Newer(found) => {
                QueueError::NewerSchema { target: path.display().to_string(), found, known: SCHEMA_VERSION }
            }
        })?;
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

    /// Records `notification`, received at `received_at`, unless its envelope `id` is known or
    /// `max_queued` mails already wait; once this returns, the row is on disk. A code already past its
    /// lifetime (`expired`) is recorded without its personal data and never sent.
    pub fn enqueue(
        &self,
        notification: &Notification,
        received_at: EpochMs,
        lifetime_start: EpochMs,
        expired: bool,
        max_queued: u64,
    ) -> Result<Enqueued, QueueError> {
        let mut connection = self.connection();
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.sqlite(e))?;
        let known = transaction
            .query_row("SELECT 1 FROM mail WHERE envelope_id = ?1", params![notification.envelope_id], |_| {
                Ok(())
            })
            .optional()
            .map_err(|e| self.sqlite(e))?
            .is_some();
        if known {
            return Ok(Enqueued::Duplicate);
        }
        if expired {
            transaction
                .execute(
                    "INSERT INTO mail (envelope_id, state, received_at, lifetime_start, next_attempt_at, finished_at)
                     VALUES (?1, 'expired', ?2, ?3, ?2, ?2)",
                    params![notification.envelope_id, received_at, lifetime_start],
                )
                .map_err(|e| self.sqlite(e))?;
            transaction.commit().map_err(|e| self.sqlite(e))?;
            return Ok(Enqueued::ExpiredOnArrival);
        }
        let queued: i64 = transaction
            .query_row("SELECT COUNT(*) FROM mail WHERE state = 'queued'", [], |row| row.get(0))
            .map_err(|e| self.sqlite(e))?;
        if u64::try_from(queued).unwrap_or(0) >= max_queued {
            return Ok(Enqueued::Full);
        }
        transaction
            .execute(
                "INSERT INTO mail (envelope_id, state, received_at, lifetime_start, next_attempt_at,
                                   recipient, recipient_key, name, username, code, password_profile_id, realm_id,
                                   credential_id, locale)
                 VALUES (?1, 'queued', ?2, ?3, ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    notification.envelope_id,
                    received_at,
                    lifetime_start,
                    notification.email,
                    recipient_key(&notification.email),
                    notification.name,
                    notification.username,
                    notification.code,
                    notification.password_profile_id,
                    notification.authentication_realm_id,
                    notification.credential_id,
                    notification.locale.map(Locale::tag),
                ],
            )
            .map_err(|e| self.sqlite(e))?;
        transaction.commit().map_err(|e| self.sqlite(e))?;
        Ok(Enqueued::Queued)
    }

    /// Takes up to `limit` due mails that no live lease holds, applies `limits` to each (collapsed,
    /// suppressed, or left waiting by the rate), and leases the rest to `owner` until `now + lease`,
    /// counting an attempt for each. `now` is read from `clock` once the write lock is held, so neither
    /// the wait for it nor anything the caller did before eats into the lease.
    pub fn claim(
        &self,
        owner: &str,
        clock: &dyn Clock,
        lease: Duration,
        limit: u32,
        limits: SendLimits,
    ) -> Result<Claim, QueueError> {
        let mut connection = self.connection();
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.sqlite(e))?;
        let now = clock.now();
        let lease_until = now.saturating_add(millis(lease));
        let candidates = due(&transaction, now, limit).map_err(|e| self.sqlite(e))?;
        let mut claim = Claim::default();
        let mut leased = Vec::new();
        for candidate in candidates {
            let decision = decide(&transaction, &candidate, now, limits, &mut claim.collapsed)
                .map_err(|e| self.sqlite(e))?;
            match decision {
                Decision::Skip => {}
                Decision::Lease => {
                    let row = transaction
                        .query_row(
                            &format!(
                                "UPDATE mail SET lease_owner = ?1, lease_until = ?2, attempts = attempts + 1
                                 WHERE envelope_id = ?3 RETURNING {MAIL_COLUMNS}"
                            ),
                            params![owner, lease_until, candidate.envelope_id],
                            read_claimed,
                        )
                        .map_err(|e| self.sqlite(e))?;
                    leased.push(row);
                }
                Decision::Finish(outcome) => {
                    finish_in(&transaction, &candidate.envelope_id, outcome, now, None)
                        .map_err(|e| self.sqlite(e))?;
                    match outcome {
                        Outcome::Collapsed => claim.collapsed += 1,
                        _ => claim.suppressed += 1,
                    }
                }
                Decision::Wait => {
                    claim.deferred = true;
                    break;
                }
            }
        }
        transaction.commit().map_err(|e| self.sqlite(e))?;
        drop(connection);
        for row in leased {
            let envelope_id = row.envelope_id.clone();
            match row.into_claimed() {
                Ok(mail) => claim.mails.push(mail),
                // Only a hand-edited row lacks these: it can never be sent, so it must not come back.
                Err(column) => self.finish(&envelope_id, Outcome::Failed, now, Some(column))?,
            }
        }
        Ok(claim)
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
        let connection = self.connection();
        finish_in(&connection, envelope_id, outcome, now, reason).map_err(|e| self.sqlite(e))
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
                    MIN(received_at) FILTER (WHERE state = 'queued'),
                    COUNT(*) FILTER (WHERE state <> 'queued')
                 FROM mail",
                params![now],
                |row| {
                    let count =
                        |index: usize| row.get::<_, i64>(index).map(|n| u64::try_from(n).unwrap_or(0));
                    Ok(Depth {
                        queued: count(0)?,
                        due: count(1)?,
                        leased: count(2)?,
                        oldest_received_at: row.get(3)?,
                        records: count(4)?,
                    })
                },
            )
            .map_err(|e| self.sqlite(e))
    }

    /// Deletes dedupe records finished before `before` and the oldest beyond `max_records`, send records
    /// older than `sends_before`, and truncates the write-ahead log (where erased values may linger).
    pub fn maintain(
        &self,
        before: EpochMs,
        max_records: u64,
        sends_before: EpochMs,
    ) -> Result<Maintained, QueueError> {
        let connection = self.connection();
        let sqlite = |e| self.sqlite(e);
        let expired = connection
            .execute("DELETE FROM mail WHERE state <> 'queued' AND finished_at < ?1", params![before])
            .map_err(sqlite)?;
        let records: i64 = connection
            .query_row("SELECT COUNT(*) FROM mail WHERE state <> 'queued'", [], |row| row.get(0))
            .map_err(sqlite)?;
        let over = u64::try_from(records).unwrap_or(0).saturating_sub(max_records);
        let pruned = if over > 0 {
            connection
                .execute(
                    "DELETE FROM mail WHERE envelope_id IN (
                         SELECT envelope_id FROM mail WHERE state <> 'queued' ORDER BY finished_at LIMIT ?1)",
                    params![i64::try_from(over).unwrap_or(i64::MAX)],
                )
                .map_err(sqlite)?
        } else {
            0
        };
        connection.execute("DELETE FROM send WHERE sent_at < ?1", params![sends_before]).map_err(sqlite)?;
        // Another process reading at this moment makes the checkpoint partial; the next pass finishes it.
        connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).map_err(sqlite)?;
        Ok(Maintained { expired_records: expired as u64, pruned_records: pruned as u64 })
    }
}

enum Migration {
    Sqlite(rusqlite::Error),
    Newer(i64),
}

impl From<rusqlite::Error> for Migration {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sqlite(e)
    }
}

/// Brings the schema from whatever version the file has to [`SCHEMA_VERSION`], inside `transaction`.
fn migrate(transaction: &Transaction<'_>, _path: &Path) -> Result<(), Migration> {
    let version: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    match version {
        0 => transaction.execute_batch(&format!("{MAIL_TABLE}{INDEXES}"))?,
        1 | 2 => {
            if version == 1 {
                transaction.execute_batch(FROM_VERSION_1)?;
            }
            transaction.execute_batch(&format!("{FROM_VERSION_2}{MAIL_TABLE}{INDEXES}{COPY_VERSION_2}"))?;
            let queued: Vec<(String, String)> = transaction
                .prepare("SELECT envelope_id, recipient FROM mail WHERE state = 'queued' AND recipient IS NOT NULL")?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            for (id, recipient) in queued {
                transaction.execute(
                    "UPDATE mail SET recipient_key = ?2 WHERE envelope_id = ?1",
                    params![id, recipient_key(&recipient)],
                )?;
            }
        }
        SCHEMA_VERSION => return Ok(()),
        found => return Err(Migration::Newer(found)),
    }
    transaction.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))?;
    Ok(())
}

/// A due, unleased row, as a claim first sees it.
struct Candidate {
    envelope_id: String,
    recipient_key: Option<String>,
    lifetime_start: EpochMs,
    received_at: EpochMs,
}

fn due(transaction: &Transaction<'_>, now: EpochMs, limit: u32) -> rusqlite::Result<Vec<Candidate>> {
    transaction
        .prepare_cached(
            "SELECT envelope_id, recipient_key, lifetime_start, received_at FROM mail
             WHERE state = 'queued' AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)
             ORDER BY next_attempt_at, received_at LIMIT ?2",
        )?
        .query_map(params![now, limit], |row| {
            Ok(Candidate {
                envelope_id: row.get(0)?,
                recipient_key: row.get(1)?,
                lifetime_start: row.get(2)?,
                received_at: row.get(3)?,
            })
        })?
        .collect()
}

/// What a claim does with one candidate.
enum Decision {
    Lease,
    Finish(Outcome),
    Wait,
    /// An earlier candidate of this claim already collapsed it.
    Skip,
}

/// Applies the limits to `candidate` (recording its send when it may go), in the claim's transaction;
/// adds to `collapsed` the older mails to the same address it replaces.
fn decide(
    transaction: &Transaction<'_>,
    candidate: &Candidate,
    now: EpochMs,
    limits: SendLimits,
    collapsed: &mut u64,
) -> rusqlite::Result<Decision> {
    let Some(key) = &candidate.recipient_key else { return Ok(Decision::Lease) };
    let still_queued = transaction
        .prepare_cached("SELECT 1 FROM mail WHERE envelope_id = ?1 AND state = 'queued'")?
        .query_row(params![candidate.envelope_id], |_| Ok(()))
        .optional()?;
    if still_queued.is_none() {
        return Ok(Decision::Skip);
    }
    let order = params![key, candidate.lifetime_start, candidate.received_at, candidate.envelope_id];
    let newer = transaction
        .prepare_cached(
            "SELECT 1 FROM mail WHERE state = 'queued' AND recipient_key = ?1
               AND (lifetime_start, received_at, envelope_id) > (?2, ?3, ?4) LIMIT 1",
        )?
        .query_row(order, |_| Ok(()))
        .optional()?;
    if newer.is_some() {
        transaction.execute("DELETE FROM send WHERE envelope_id = ?1", params![candidate.envelope_id])?;
        return Ok(Decision::Finish(Outcome::Collapsed));
    }
    // Older mails to the address that no worker is handing over now are replaced by this one; their
    // send records go, since they never went out.
    let older: Vec<String> = transaction
        .prepare_cached(
            "SELECT envelope_id FROM mail WHERE state = 'queued' AND recipient_key = ?1
               AND (lifetime_start, received_at, envelope_id) < (?2, ?3, ?4)
               AND (lease_until IS NULL OR lease_until <= ?5)",
        )?
        .query_map(
            params![key, candidate.lifetime_start, candidate.received_at, candidate.envelope_id, now],
            |row| row.get(0),
        )?
        .collect::<Result<_, _>>()?;
    for id in older {
        transaction.execute("DELETE FROM send WHERE envelope_id = ?1", params![id])?;
        finish_in(transaction, &id, Outcome::Collapsed, now, None)?;
        *collapsed += 1;
    }
    let count = |sql: &str, values: &[&dyn rusqlite::ToSql]| -> rusqlite::Result<u64> {
        transaction.prepare_cached(sql)?.query_row(values, |row| row.get::<_, i64>(0)).map(|n| n as u64)
    };
    let last_second = count("SELECT COUNT(*) FROM send WHERE sent_at > ?1", &[&(now - 1_000)])?;
    if last_second >= u64::from(limits.per_second) {
        return Ok(Decision::Wait);
    }
    // A retry is one more hand-over for the rate but the same mail for its address: its send record moves
    // to now instead of a second one being added.
    let retried = transaction
        .prepare_cached("UPDATE send SET sent_at = ?2 WHERE envelope_id = ?1")?
        .execute(params![candidate.envelope_id, now])?;
    if retried > 0 {
        return Ok(Decision::Lease);
    }
    let window_start = now - limits.recipient_window_ms;
    let to_recipient =
        count("SELECT COUNT(*) FROM send WHERE recipient_key = ?1 AND sent_at > ?2", &[key, &window_start])?;
    if to_recipient >= u64::from(limits.per_recipient) {
        return Ok(Decision::Finish(Outcome::Suppressed));
    }
    transaction.execute(
        "INSERT INTO send (envelope_id, recipient_key, sent_at) VALUES (?1, ?2, ?3)",
        params![candidate.envelope_id, key, now],
    )?;
    Ok(Decision::Lease)
}

/// Ends a queued mail and erases everything personal in it.
fn finish_in(
    connection: &Connection,
    envelope_id: &str,
    outcome: Outcome,
    now: EpochMs,
    reason: Option<&str>,
) -> rusqlite::Result<()> {
    connection.execute(
        "UPDATE mail SET state = ?2, finished_at = ?3, last_error = ?4, lease_owner = NULL, lease_until = NULL,
            recipient = NULL, recipient_key = NULL, name = NULL, username = NULL, code = NULL,
            password_profile_id = NULL, realm_id = NULL, credential_id = NULL
         WHERE envelope_id = ?1 AND state = 'queued'",
        params![envelope_id, outcome.state(), now, reason],
    )?;
    Ok(())
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

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
