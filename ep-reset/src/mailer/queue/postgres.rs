//! The queue in a PostgreSQL database, shared by mailers on several hosts: the same rules as the SQLite
//! queue. A commit is durable before the webhook's 2xx (PostgreSQL's default `synchronous_commit`); the
//! envelope id is the primary key; every claim first takes one transaction-scoped advisory lock, so claims
//! are serialised (two mailers never both take the last slot of a limit), and then locks its due rows with
//! `FOR UPDATE SKIP LOCKED`, so it skips rows a `finish` or `retry_at` is writing instead of waiting on them.
//!
//! Every call, the wait for the connection included, ends within [`CALL_TIMEOUT`] (a partitioned database
//! is then a [`QueueError::Postgres`], so the webhook answers 503 rather than hang); a connection that timed
//! out is dropped and the next call opens a new one, with TCP keepalives so a dead peer is noticed.
//!
//! Erased values leave dead row versions until (auto)vacuum reclaims them.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ep_reset_core::locale::Locale;
use tokio::sync::Mutex;
use tokio_postgres::{Client, GenericClient, NoTls, Row};

use super::super::clock::{Clock, EpochMs};
use super::super::envelope::Notification;
use super::{
    Claim, Claimed, Depth, Enqueued, Maintained, Outcome, QueueError, SendLimits, millis, recipient_key,
};

/// The longest one call may take, waiting for the connection included: well under the default 30 s
/// request timeout, so a webhook waiting on an unreachable database answers 503, not 408.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);
/// Idle time before TCP keepalive probes start on the connection.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(15);

/// The newest schema version this build knows (in `ep_reset_schema`).
pub const SCHEMA_VERSION: i64 = 1;

/// Serialises migrations of mailers starting at once, and the limits' reads and writes of claims.
const MIGRATION_LOCK: i64 = 0x6570_7265_7365_7401;
const LIMITS_LOCK: i64 = 0x6570_7265_7365_7402;

/// Each version's statements, applied in order to a database at the version before.
const MIGRATIONS: [&str; 1] = ["
CREATE TABLE ep_reset_mail (
    envelope_id         TEXT PRIMARY KEY,
    state               TEXT NOT NULL
                        CHECK (state IN ('queued', 'sent', 'expired', 'failed', 'collapsed', 'suppressed')),
    received_at         BIGINT NOT NULL,
    lifetime_start      BIGINT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     BIGINT NOT NULL,
    lease_owner         TEXT,
    lease_until         BIGINT,
    finished_at         BIGINT,
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
);
CREATE INDEX ep_reset_mail_due ON ep_reset_mail (state, next_attempt_at);
CREATE INDEX ep_reset_mail_finished ON ep_reset_mail (finished_at) WHERE finished_at IS NOT NULL;
CREATE INDEX ep_reset_mail_recipient ON ep_reset_mail (recipient_key) WHERE state = 'queued';
CREATE TABLE ep_reset_send (
    envelope_id   TEXT PRIMARY KEY,
    recipient_key TEXT NOT NULL,
    sent_at       BIGINT NOT NULL
);
CREATE INDEX ep_reset_send_recipient ON ep_reset_send (recipient_key, sent_at);
CREATE INDEX ep_reset_send_at ON ep_reset_send (sent_at);
"];

/// The database's clock in epoch milliseconds (the time of the call, not of the transaction's start).
/// Leases are written and compared in it, so replicas with skewed clocks still agree when one runs out.
const DATABASE_NOW_MS: &str = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

const MAIL_COLUMNS: &str = "envelope_id, attempts, lifetime_start, recipient, name, username, code, \
                            password_profile_id, realm_id, credential_id, locale";

/// `url` without its password, query or user: `postgres://host:port/database`.
pub fn describe(url: &str) -> String {
    match url.parse::<tokio_postgres::Config>() {
        Ok(config) => {
            let host = config
                .get_hosts()
                .first()
                .map(|host| match host {
                    tokio_postgres::config::Host::Tcp(name) => name.clone(),
                    #[cfg(unix)]
                    tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
                })
                .unwrap_or_else(|| "localhost".into());
            let port = config.get_ports().first().copied().unwrap_or(5432);
            format!("postgres://{host}:{port}/{}", config.get_dbname().unwrap_or(""))
        }
        Err(_) => "a postgres:// URL that cannot be read".into(),
    }
}

/// One connection to the database, re-opened when it drops.
pub struct Queue {
    url: String,
    target: String,
    client: Mutex<Option<Client>>,
    /// A call timed out: its connection may be stuck mid-statement, so the next call opens a new one.
    stale: AtomicBool,
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Queue").field("target", &self.target).finish_non_exhaustive()
    }
}

impl Queue {
    /// Connects to `url` and creates or migrates the schema.
    pub async fn open(url: &str) -> Result<Self, QueueError> {
        let queue = Self {
            url: url.to_string(),
            target: describe(url),
            client: Mutex::new(None),
            stale: AtomicBool::new(false),
        };
        queue
            .bounded(async {
                let mut guard = queue.client().await?;
                let client = guard.as_mut().ok_or_else(|| queue.error("no connection"))?;
                queue.migrate(client).await
            })
            .await?;
        Ok(queue)
    }

    /// `call` (one of this queue's methods), ended after [`CALL_TIMEOUT`].
    pub async fn bounded<T>(
        &self,
        call: impl Future<Output = Result<T, QueueError>>,
    ) -> Result<T, QueueError> {
        match tokio::time::timeout(CALL_TIMEOUT, call).await {
            Ok(result) => result,
            Err(_) => {
                self.stale.store(true, Ordering::SeqCst);
                Err(self.error(format!("no answer within {} s", CALL_TIMEOUT.as_secs())))
            }
        }
    }

    fn error(&self, reason: impl std::fmt::Display) -> QueueError {
        QueueError::Postgres { target: self.target.clone(), reason: reason.to_string() }
    }

    fn postgres(&self, error: tokio_postgres::Error) -> QueueError {
        // The server's message (a constraint, a missing table) says more than the driver's summary.
        match error.as_db_error() {
            Some(db) => self.error(format!("{}: {}", db.severity(), db.message())),
            None => self.error(error),
        }
    }

    /// The connection, opened now if there is none or it has dropped.
    async fn client(&self) -> Result<tokio::sync::MutexGuard<'_, Option<Client>>, QueueError> {
        let mut guard = self.client.lock().await;
        if self.stale.swap(false, Ordering::SeqCst) {
            *guard = None;
        }
        if guard.as_ref().is_none_or(Client::is_closed) {
            // Dropped before a new one is tried, so a failed attempt leaves no stuck connection behind.
            *guard = None;
            let mut config: tokio_postgres::Config = self.url.parse().map_err(|e| self.postgres(e))?;
            if config.get_connect_timeout().is_none() {
                config.connect_timeout(CALL_TIMEOUT);
            }
            config.keepalives(true).keepalives_idle(KEEPALIVE_IDLE);
            let (client, connection) = config.connect(NoTls).await.map_err(|e| self.postgres(e))?;
            tokio::spawn(async move {
                // Ends when the connection drops; the next call reconnects.
                let _ = connection.await;
            });
            *guard = Some(client);
        }
        Ok(guard)
    }

    async fn migrate(&self, client: &mut Client) -> Result<(), QueueError> {
        let pg = |e| self.postgres(e);
        let transaction = client.transaction().await.map_err(pg)?;
        transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await.map_err(pg)?;
        transaction
            .batch_execute("CREATE TABLE IF NOT EXISTS ep_reset_schema (version BIGINT NOT NULL)")
            .await
            .map_err(pg)?;
        let version: i64 = transaction
            .query_opt("SELECT version FROM ep_reset_schema", &[])
            .await
            .map_err(pg)?
            .map_or(0, |row| row.get(0));
        if version > SCHEMA_VERSION {
            return Err(QueueError::NewerSchema {
                target: self.target.clone(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        for statements in MIGRATIONS.iter().skip(usize::try_from(version).unwrap_or(0)) {
            transaction.batch_execute(statements).await.map_err(pg)?;
        }
        if version == 0 {
            transaction
                .execute("INSERT INTO ep_reset_schema VALUES ($1)", &[&SCHEMA_VERSION])
                .await
                .map_err(pg)?;
        } else if version < SCHEMA_VERSION {
            transaction
                .execute("UPDATE ep_reset_schema SET version = $1", &[&SCHEMA_VERSION])
                .await
                .map_err(pg)?;
        }
        transaction.commit().await.map_err(pg)
    }

    /// As [`super::sqlite::Queue::enqueue`]. The bound is checked before the insert, so mailers
    /// accepting at the same moment may pass it by one each.
    pub async fn enqueue(
        &self,
        notification: &Notification,
        received_at: EpochMs,
        lifetime_start: EpochMs,
        expired: bool,
        max_queued: u64,
    ) -> Result<Enqueued, QueueError> {
        let pg = |e| self.postgres(e);
        let mut guard = self.client().await?;
        let client = guard.as_mut().ok_or_else(|| self.error("no connection"))?;
        let known = client
            .query_opt("SELECT 1 FROM ep_reset_mail WHERE envelope_id = $1", &[&notification.envelope_id])
            .await
            .map_err(pg)?;
        if known.is_some() {
            return Ok(Enqueued::Duplicate);
        }
        let inserted = if expired {
            client
                .execute(
                    "INSERT INTO ep_reset_mail (envelope_id, state, received_at, lifetime_start, next_attempt_at, finished_at)
                     VALUES ($1, 'expired', $2, $3, $2, $2) ON CONFLICT (envelope_id) DO NOTHING",
                    &[&notification.envelope_id, &received_at, &lifetime_start],
                )
                .await
                .map_err(pg)?
        } else {
            let queued: i64 = client
                .query_one("SELECT COUNT(*) FROM ep_reset_mail WHERE state = 'queued'", &[])
                .await
                .map_err(pg)?
                .get(0);
            if u64::try_from(queued).unwrap_or(0) >= max_queued {
                return Ok(Enqueued::Full);
            }
            client
                .execute(
                    "INSERT INTO ep_reset_mail (envelope_id, state, received_at, lifetime_start, next_attempt_at,
                         recipient, recipient_key, name, username, code, password_profile_id, realm_id,
                         credential_id, locale)
                     VALUES ($1, 'queued', $2, $3, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                     ON CONFLICT (envelope_id) DO NOTHING",
                    &[
                        &notification.envelope_id,
                        &received_at,
                        &lifetime_start,
                        &notification.email,
                        &recipient_key(&notification.email),
                        &notification.name,
                        &notification.username,
                        &notification.code,
                        &notification.password_profile_id,
                        &notification.authentication_realm_id,
                        &notification.credential_id,
                        &notification.locale.map(Locale::tag),
                    ],
                )
                .await
                .map_err(pg)?
        };
        Ok(match (inserted, expired) {
            // Another mailer inserted the same id between the check and the insert.
            (0, _) => Enqueued::Duplicate,
            (_, false) => Enqueued::Queued,
            (_, true) => Enqueued::ExpiredOnArrival,
        })
    }

    /// As [`super::sqlite::Queue::claim`], reading `clock` once the advisory lock is held; the lease
    /// itself runs on the database's clock ([`DATABASE_NOW_MS`]).
    pub async fn claim(
        &self,
        owner: &str,
        clock: &dyn Clock,
        lease: Duration,
        limit: u32,
        limits: SendLimits,
    ) -> Result<Claim, QueueError> {
        let pg = |e| self.postgres(e);
        let mut guard = self.client().await?;
        let client = guard.as_mut().ok_or_else(|| self.error("no connection"))?;
        let transaction = client.transaction().await.map_err(pg)?;
        transaction.execute("SELECT pg_advisory_xact_lock($1)", &[&LIMITS_LOCK]).await.map_err(pg)?;
        let now = clock.now();
        let leases_now: i64 =
            transaction.query_one(&format!("SELECT {DATABASE_NOW_MS}"), &[]).await.map_err(pg)?.get(0);
        let lease_until = leases_now.saturating_add(millis(lease));
        let candidates = transaction
            .query(
                "SELECT envelope_id, recipient_key, lifetime_start, received_at FROM ep_reset_mail
                 WHERE state = 'queued' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $3)
                 ORDER BY next_attempt_at, received_at LIMIT $2 FOR UPDATE SKIP LOCKED",
                &[&now, &i64::from(limit), &leases_now],
            )
            .await
            .map_err(pg)?;
        let mut claim = Claim::default();
        let at = Instants { now, leases_now };
        for candidate in &candidates {
            let envelope_id: String = candidate.get(0);
            let decision =
                decide(&transaction, candidate, at, limits, &mut claim.collapsed).await.map_err(pg)?;
            match decision {
                Decision::Skip => {}
                Decision::Lease => {
                    let row = transaction
                        .query_one(
                            &format!(
                                "UPDATE ep_reset_mail SET lease_owner = $1, lease_until = $2, attempts = attempts + 1
                                 WHERE envelope_id = $3 RETURNING {MAIL_COLUMNS}"
                            ),
                            &[&owner, &lease_until, &envelope_id],
                        )
                        .await
                        .map_err(pg)?;
                    match into_claimed(&row) {
                        Ok(mail) => claim.mails.push(mail),
                        Err(column) => {
                            finish_in(&transaction, &envelope_id, Outcome::Failed, now, Some(column))
                                .await
                                .map_err(pg)?;
                        }
                    }
                }
                Decision::Finish(outcome) => {
                    finish_in(&transaction, &envelope_id, outcome, now, None).await.map_err(pg)?;
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
        transaction.commit().await.map_err(pg)?;
        Ok(claim)
    }

    /// As [`super::sqlite::Queue::finish`].
    pub async fn finish(
        &self,
        envelope_id: &str,
        outcome: Outcome,
        now: EpochMs,
        reason: Option<&str>,
    ) -> Result<(), QueueError> {
        let guard = self.client().await?;
        let client = guard.as_ref().ok_or_else(|| self.error("no connection"))?;
        finish_in(client, envelope_id, outcome, now, reason).await.map_err(|e| self.postgres(e))
    }

    /// As [`super::sqlite::Queue::retry_at`].
    pub async fn retry_at(
        &self,
        envelope_id: &str,
        owner: &str,
        next_attempt_at: EpochMs,
        reason: &str,
    ) -> Result<(), QueueError> {
        let guard = self.client().await?;
        let client = guard.as_ref().ok_or_else(|| self.error("no connection"))?;
        client
            .execute(
                "UPDATE ep_reset_mail SET next_attempt_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL
                 WHERE envelope_id = $1 AND lease_owner = $2 AND state = 'queued'",
                &[&envelope_id, &owner, &next_attempt_at, &reason],
            )
            .await
            .map_err(|e| self.postgres(e))?;
        Ok(())
    }

    /// As [`super::sqlite::Queue::depth`] (leases counted on the database's clock).
    pub async fn depth(&self, now: EpochMs) -> Result<Depth, QueueError> {
        let guard = self.client().await?;
        let client = guard.as_ref().ok_or_else(|| self.error("no connection"))?;
        let row = client
            .query_one(
                &format!(
                    "SELECT
                        COUNT(*) FILTER (WHERE state = 'queued'),
                        COUNT(*) FILTER (WHERE state = 'queued' AND next_attempt_at <= $1),
                        COUNT(*) FILTER (WHERE state = 'queued' AND lease_until > {DATABASE_NOW_MS}),
                        MIN(received_at) FILTER (WHERE state = 'queued'),
                        COUNT(*) FILTER (WHERE state <> 'queued')
                     FROM ep_reset_mail"
                ),
                &[&now],
            )
            .await
            .map_err(|e| self.postgres(e))?;
        let count = |index: usize| u64::try_from(row.get::<_, i64>(index)).unwrap_or(0);
        Ok(Depth {
            queued: count(0),
            due: count(1),
            leased: count(2),
            oldest_received_at: row.get(3),
            records: count(4),
        })
    }

    /// As [`super::sqlite::Queue::maintain`].
    pub async fn maintain(
        &self,
        before: EpochMs,
        max_records: u64,
        sends_before: EpochMs,
    ) -> Result<Maintained, QueueError> {
        let pg = |e| self.postgres(e);
        let guard = self.client().await?;
        let client = guard.as_ref().ok_or_else(|| self.error("no connection"))?;
        let expired = client
            .execute("DELETE FROM ep_reset_mail WHERE state <> 'queued' AND finished_at < $1", &[&before])
            .await
            .map_err(pg)?;
        let records: i64 = client
            .query_one("SELECT COUNT(*) FROM ep_reset_mail WHERE state <> 'queued'", &[])
            .await
            .map_err(pg)?
            .get(0);
        let over = u64::try_from(records).unwrap_or(0).saturating_sub(max_records);
        let pruned = if over > 0 {
            client
                .execute(
                    "DELETE FROM ep_reset_mail WHERE envelope_id IN (
                         SELECT envelope_id FROM ep_reset_mail WHERE state <> 'queued' ORDER BY finished_at LIMIT $1)",
                    &[&i64::try_from(over).unwrap_or(i64::MAX)],
                )
                .await
                .map_err(pg)?
        } else {
            0
        };
        client.execute("DELETE FROM ep_reset_send WHERE sent_at < $1", &[&sends_before]).await.map_err(pg)?;
        Ok(Maintained { expired_records: expired, pruned_records: pruned })
    }
}

/// A claim's two clocks: the mailer's (due times and the limits' counts) and the database's (leases).
#[derive(Clone, Copy)]
struct Instants {
    now: EpochMs,
    leases_now: EpochMs,
}

enum Decision {
    Lease,
    Finish(Outcome),
    Wait,
    Skip,
}

/// The same rules as the SQLite queue's, under the claim's advisory lock.
async fn decide(
    transaction: &impl GenericClient,
    candidate: &Row,
    at: Instants,
    limits: SendLimits,
    collapsed: &mut u64,
) -> Result<Decision, tokio_postgres::Error> {
    let now = at.now;
    let envelope_id: String = candidate.get(0);
    let Some(key): Option<String> = candidate.get(1) else { return Ok(Decision::Lease) };
    let (lifetime_start, received_at): (i64, i64) = (candidate.get(2), candidate.get(3));
    let still_queued = transaction
        .query_opt("SELECT 1 FROM ep_reset_mail WHERE envelope_id = $1 AND state = 'queued'", &[&envelope_id])
        .await?;
    if still_queued.is_none() {
        return Ok(Decision::Skip);
    }
    let newer = transaction
        .query_opt(
            "SELECT 1 FROM ep_reset_mail WHERE state = 'queued' AND recipient_key = $1
               AND (lifetime_start, received_at, envelope_id) > ($2, $3, $4) LIMIT 1",
            &[&key, &lifetime_start, &received_at, &envelope_id],
        )
        .await?;
    if newer.is_some() {
        transaction.execute("DELETE FROM ep_reset_send WHERE envelope_id = $1", &[&envelope_id]).await?;
        return Ok(Decision::Finish(Outcome::Collapsed));
    }
    let older = transaction
        .query(
            "SELECT envelope_id FROM ep_reset_mail WHERE state = 'queued' AND recipient_key = $1
               AND (lifetime_start, received_at, envelope_id) < ($2, $3, $4)
               AND (lease_until IS NULL OR lease_until <= $5)",
            &[&key, &lifetime_start, &received_at, &envelope_id, &at.leases_now],
        )
        .await?;
    for row in older {
        let id: String = row.get(0);
        transaction.execute("DELETE FROM ep_reset_send WHERE envelope_id = $1", &[&id]).await?;
        finish_in(transaction, &id, Outcome::Collapsed, now, None).await?;
        *collapsed += 1;
    }
    let last_second: i64 = transaction
        .query_one("SELECT COUNT(*) FROM ep_reset_send WHERE sent_at > $1", &[&(now - 1_000)])
        .await?
        .get(0);
    if last_second >= i64::from(limits.per_second) {
        return Ok(Decision::Wait);
    }
    // A retry is one more hand-over for the rate but the same mail for its address (as in SQLite).
    let retried = transaction
        .execute("UPDATE ep_reset_send SET sent_at = $2 WHERE envelope_id = $1", &[&envelope_id, &now])
        .await?;
    if retried > 0 {
        return Ok(Decision::Lease);
    }
    let to_recipient: i64 = transaction
        .query_one(
            "SELECT COUNT(*) FROM ep_reset_send WHERE recipient_key = $1 AND sent_at > $2",
            &[&key, &(now - limits.recipient_window_ms)],
        )
        .await?
        .get(0);
    if to_recipient >= i64::from(limits.per_recipient) {
        return Ok(Decision::Finish(Outcome::Suppressed));
    }
    transaction
        .execute(
            "INSERT INTO ep_reset_send (envelope_id, recipient_key, sent_at) VALUES ($1, $2, $3)",
            &[&envelope_id, &key, &now],
        )
        .await?;
    Ok(Decision::Lease)
}

async fn finish_in(
    client: &impl GenericClient,
    envelope_id: &str,
    outcome: Outcome,
    now: EpochMs,
    reason: Option<&str>,
) -> Result<(), tokio_postgres::Error> {
    client
        .execute(
            "UPDATE ep_reset_mail SET state = $2, finished_at = $3, last_error = $4, lease_owner = NULL,
                lease_until = NULL, recipient = NULL, recipient_key = NULL, name = NULL, username = NULL,
                code = NULL, password_profile_id = NULL, realm_id = NULL, credential_id = NULL
             WHERE envelope_id = $1 AND state = 'queued'",
            &[&envelope_id, &outcome.state(), &now, &reason],
        )
        .await?;
    Ok(())
}

/// A leased row as a mail, or the first required column that is empty.
fn into_claimed(row: &Row) -> Result<Claimed, &'static str> {
    let (Some(email), Some(username), Some(code)) =
        (row.get::<_, Option<String>>(3), row.get::<_, Option<String>>(5), row.get::<_, Option<String>>(6))
    else {
        return Err("a queued row without recipient, username or code");
    };
    let attempts: i32 = row.get(1);
    Ok(Claimed {
        notification: Notification {
            envelope_id: row.get(0),
            attempt: None,
            created_at: None,
            email,
            name: row.get(4),
            username,
            code,
            password_profile_id: row.get(7),
            authentication_realm_id: row.get(8),
            credential_id: row.get(9),
            locale: row.get::<_, Option<String>>(10).as_deref().and_then(Locale::from_tag),
        },
        attempts: u32::try_from(attempts).unwrap_or(0),
        lifetime_start: row.get(2),
    })
}
