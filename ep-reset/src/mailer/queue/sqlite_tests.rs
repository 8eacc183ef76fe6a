use std::collections::HashSet;
use std::sync::Arc;

use super::*;

const NOW: EpochMs = 1_700_000_000_000;
const LEASE: Duration = Duration::from_secs(30);
const MAX_QUEUED: u64 = 1_000;

fn notification(id: &str) -> Notification {
    Notification {
        envelope_id: id.into(),
        attempt: Some(1),
        created_at: None,
        email: format!("{id}@example.com"),
        name: Some("Ada".into()),
        username: format!("{id}@example.com"),
        code: "lprvj4".into(),
        password_profile_id: Some("p".into()),
        authentication_realm_id: Some("r".into()),
        credential_id: Some("c".into()),
        locale: None,
    }
}

fn temp_queue() -> (tempfile::TempDir, Queue) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let queue = Queue::open(&dir.path().join("queue.sqlite3")).expect("opens");
    (dir, queue)
}

fn enqueue(queue: &Queue, id: &str) -> Enqueued {
    queue.enqueue(&notification(id), NOW, NOW, false, MAX_QUEUED).expect("written")
}

/// Every column of a row except the id, as text, for checking what is left of it.
fn row_text(queue: &Queue, id: &str) -> String {
    queue
        .connection()
        .query_row(
            "SELECT state || '|' || IFNULL(recipient, '') || IFNULL(name, '') || IFNULL(username, '') || IFNULL(code, '')
                    || IFNULL(password_profile_id, '') || IFNULL(realm_id, '') || IFNULL(credential_id, '')
             FROM mail WHERE envelope_id = ?1",
            params![id],
            |row| row.get(0),
        )
        .expect("the row exists")
}

#[test]
fn the_envelope_id_is_the_idempotency_key() {
    let (_dir, queue) = temp_queue();
    assert_eq!(enqueue(&queue, "e1"), Enqueued::Queued);
    assert_eq!(enqueue(&queue, "e1"), Enqueued::Duplicate, "a repeat while queued");
    assert_eq!(enqueue(&queue, "e2"), Enqueued::Queued, "another id");
    queue.finish("e1", Outcome::Sent, NOW, None).expect("finished");
    assert_eq!(enqueue(&queue, "e1"), Enqueued::Duplicate, "a repeat after sending");
    let depth = queue.depth(NOW).expect("counted");
    assert_eq!((depth.queued, depth.records), (1, 1));
}

#[test]
fn a_repeat_is_a_duplicate_whatever_its_payload() {
    let (_dir, queue) = temp_queue();
    assert_eq!(enqueue(&queue, "e1"), Enqueued::Queued);
    let mut changed = notification("e1");
    changed.code = "other1".into();
    assert_eq!(
        queue.enqueue(&changed, NOW + 5, NOW + 5, false, MAX_QUEUED).expect("written"),
        Enqueued::Duplicate
    );
    let claimed = queue.claim("w", &NOW, LEASE, 10, SendLimits::NONE).expect("claimed").mails;
    assert_eq!(claimed[0].notification.code, "lprvj4", "the first delivery's content stays");
}

#[test]
fn an_expired_arrival_is_recorded_without_personal_data_and_never_claimed() {
    let (_dir, queue) = temp_queue();
    assert_eq!(
        queue.enqueue(&notification("old"), NOW, NOW - 700_000, true, MAX_QUEUED).expect("written"),
        Enqueued::ExpiredOnArrival
    );
    assert_eq!(
        queue.enqueue(&notification("old"), NOW, NOW - 700_000, false, MAX_QUEUED).expect("written"),
        Enqueued::Duplicate
    );
    assert_eq!(row_text(&queue, "old"), "expired|");
    assert!(queue.claim("w", &NOW, LEASE, 10, SendLimits::NONE).expect("claimed").mails.is_empty());
}

#[test]
fn two_handles_on_one_file_agree_on_duplicates() {
    let (dir, first) = temp_queue();
    let second = Queue::open(&dir.path().join("queue.sqlite3")).expect("a second connection");
    assert_eq!(enqueue(&first, "e1"), Enqueued::Queued);
    assert_eq!(enqueue(&second, "e1"), Enqueued::Duplicate);
}

/// A clock that, when read, records whether another connection could take the write lock then.
struct LockProbe {
    path: std::path::PathBuf,
    at: EpochMs,
    free_when_read: std::sync::Mutex<Option<bool>>,
}

impl Clock for LockProbe {
    fn now(&self) -> EpochMs {
        let other = rusqlite::Connection::open(&self.path).expect("opened");
        other.busy_timeout(Duration::ZERO).expect("set");
        let free = other.execute_batch("BEGIN IMMEDIATE; ROLLBACK;").is_ok();
        *self.free_when_read.lock().expect("not poisoned") = Some(free);
        self.at
    }
}

#[test]
fn a_claim_reads_the_time_once_it_holds_the_lock_and_leases_from_it() {
    let (dir, queue) = temp_queue();
    enqueue(&queue, "e1");
    let later = NOW + 60_000;
    let clock =
        LockProbe { path: dir.path().join("queue.sqlite3"), at: later, free_when_read: Default::default() };
    assert_eq!(queue.claim("worker-a", &clock, LEASE, 10, SendLimits::NONE).expect("claimed").mails.len(), 1);
    assert_eq!(*clock.free_when_read.lock().expect("not poisoned"), Some(false), "read under the lock");
    let held = later + 29_999;
    assert!(queue.claim("worker-b", &held, LEASE, 10, SendLimits::NONE).expect("claimed").mails.is_empty());
    let run_out = later + 30_000;
    assert_eq!(
        queue.claim("worker-b", &run_out, LEASE, 10, SendLimits::NONE).expect("claimed").mails.len(),
        1
    );
}

#[test]
fn a_lease_keeps_other_workers_off_until_it_runs_out() {
    let (dir, queue) = temp_queue();
    let other = Queue::open(&dir.path().join("queue.sqlite3")).expect("another process");
    enqueue(&queue, "e1");
    let mine = queue.claim("worker-a", &NOW, LEASE, 10, SendLimits::NONE).expect("claimed").mails;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].attempts, 1);
    assert_eq!(mine[0].notification.email, "e1@example.com");
    assert!(
        other
            .claim("worker-b", &(NOW + 1_000), LEASE, 10, SendLimits::NONE)
            .expect("claimed")
            .mails
            .is_empty(),
        "still leased"
    );
    assert!(
        queue
            .claim("worker-a", &(NOW + 1_000), LEASE, 10, SendLimits::NONE)
            .expect("claimed")
            .mails
            .is_empty(),
        "not twice to its owner"
    );
    let after = other.claim("worker-b", &(NOW + 30_000), LEASE, 10, SendLimits::NONE).expect("claimed").mails;
    assert_eq!(after.len(), 1, "the lease ran out (its worker died)");
    assert_eq!(after[0].attempts, 2);
    // The first worker comes back too late: its retry must not undo the new owner's lease.
    queue.retry_at("e1", "worker-a", NOW + 40_000, "late").expect("written");
    assert!(
        queue
            .claim("worker-c", &(NOW + 31_000), LEASE, 10, SendLimits::NONE)
            .expect("claimed")
            .mails
            .is_empty()
    );
}

#[test]
fn concurrent_workers_never_take_the_same_mail() {
    let (dir, queue) = temp_queue();
    for n in 0..200 {
        enqueue(&queue, &format!("e{n}"));
    }
    let path = Arc::new(dir.path().join("queue.sqlite3"));
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let path = Arc::clone(&path);
            std::thread::spawn(move || {
                let queue = Queue::open(&path).expect("a connection per worker");
                let mut taken = Vec::new();
                loop {
                    let batch = queue
                        .claim(&format!("w{w}"), &NOW, LEASE, 7, SendLimits::NONE)
                        .expect("claimed")
                        .mails;
                    if batch.is_empty() {
                        break taken;
                    }
                    taken.extend(batch.into_iter().map(|c| c.notification.envelope_id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.join().expect("the worker finished"));
    }
    let distinct: HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 200, "every mail was taken");
    assert_eq!(distinct.len(), 200, "and none twice");
}

#[test]
fn sending_erases_the_code_and_the_personal_data() {
    let (_dir, queue) = temp_queue();
    enqueue(&queue, "e1");
    assert!(row_text(&queue, "e1").contains("lprvj4"), "kept until sent");
    queue.claim("w", &NOW, LEASE, 1, SendLimits::NONE).expect("claimed");
    queue.finish("e1", Outcome::Sent, NOW + 10, None).expect("finished");
    assert_eq!(row_text(&queue, "e1"), "sent|");
    // Finishing twice changes nothing (the second worker of an expired lease, say).
    queue.finish("e1", Outcome::Failed, NOW + 20, Some("x")).expect("no-op");
    assert_eq!(row_text(&queue, "e1"), "sent|");
}

#[test]
fn a_retry_waits_until_its_time() {
    let (_dir, queue) = temp_queue();
    enqueue(&queue, "e1");
    queue.claim("w", &NOW, LEASE, 1, SendLimits::NONE).expect("claimed");
    queue.retry_at("e1", "w", NOW + 5_000, "connection refused").expect("written");
    assert!(queue.claim("w", &(NOW + 4_999), LEASE, 1, SendLimits::NONE).expect("claimed").mails.is_empty());
    let again = queue.claim("w", &(NOW + 5_000), LEASE, 1, SendLimits::NONE).expect("claimed").mails;
    assert_eq!(again[0].attempts, 2);
}

#[test]
fn depth_counts_each_state() {
    let (_dir, queue) = temp_queue();
    for id in ["a", "b", "c", "d"] {
        enqueue(&queue, id);
    }
    queue.claim("w", &NOW, LEASE, 2, SendLimits::NONE).expect("claimed");
    queue.finish("a", Outcome::Sent, NOW, None).expect("finished");
    queue.retry_at("b", "w", NOW + 60_000, "down").expect("written");
    queue.enqueue(&notification("old"), NOW, NOW - 700_000, true, MAX_QUEUED).expect("written");
    let depth = queue.depth(NOW).expect("counted");
    assert_eq!(depth, Depth { queued: 3, due: 2, leased: 0, oldest_received_at: Some(NOW), records: 2 });
    queue.claim("w", &NOW, LEASE, 1, SendLimits::NONE).expect("claimed");
    assert_eq!(queue.depth(NOW).expect("counted").leased, 1);
}

#[test]
fn maintenance_forgets_old_outcomes_but_never_queued_mail() {
    let (_dir, queue) = temp_queue();
    enqueue(&queue, "sent-long-ago");
    enqueue(&queue, "still-queued");
    queue.finish("sent-long-ago", Outcome::Sent, NOW, None).expect("finished");
    let maintain = |before| queue.maintain(before, 100, 0).expect("maintained");
    assert_eq!(maintain(NOW), Maintained::default(), "not older than the cut-off");
    assert_eq!(maintain(NOW + 1).expired_records, 1);
    assert_eq!(queue.depth(NOW).expect("counted").queued, 1);
}

#[test]
fn dedupe_records_over_the_bound_go_oldest_first() {
    let (_dir, queue) = temp_queue();
    for n in 0..5 {
        let id = format!("r{n}");
        enqueue(&queue, &id);
        queue.finish(&id, Outcome::Sent, NOW + n, None).expect("finished");
    }
    enqueue(&queue, "waiting");
    let done = queue.maintain(0, 2, 0).expect("maintained");
    assert_eq!(done, Maintained { expired_records: 0, pruned_records: 3 });
    assert_eq!(enqueue(&queue, "r0"), Enqueued::Queued, "forgotten");
    assert_eq!(enqueue(&queue, "r4"), Enqueued::Duplicate, "the newest stay");
    assert_eq!(queue.depth(NOW).expect("counted").queued, 2, "queued mail is never pruned");
}

#[test]
fn a_full_queue_refuses_new_mail_but_still_knows_repeats() {
    let (_dir, queue) = temp_queue();
    for n in 0..3 {
        assert_eq!(
            queue.enqueue(&notification(&format!("f{n}")), NOW, NOW, false, 3).expect("written"),
            Enqueued::Queued
        );
    }
    assert_eq!(queue.enqueue(&notification("f3"), NOW, NOW, false, 3).expect("read"), Enqueued::Full);
    assert_eq!(queue.enqueue(&notification("f0"), NOW, NOW, false, 3).expect("read"), Enqueued::Duplicate);
    assert_eq!(queue.depth(NOW).expect("counted").queued, 3);
    queue.finish("f0", Outcome::Sent, NOW, None).expect("finished");
    assert_eq!(queue.enqueue(&notification("f3"), NOW, NOW, false, 3).expect("written"), Enqueued::Queued);
}

fn to_ada(id: &str, lifetime_start: EpochMs) -> (Notification, EpochMs) {
    let mut mail = notification(id);
    mail.email = "Ada@Example.com".into();
    mail.code = format!("code-{id}");
    (mail, lifetime_start)
}

const THREE_IN_15_MINUTES: SendLimits =
    SendLimits { per_recipient: 3, recipient_window_ms: 900_000, per_second: 1_000 };

#[test]
fn queued_mails_to_one_address_collapse_into_the_newest() {
    let (_dir, queue) = temp_queue();
    for (n, id) in ["c1", "c2", "c3"].iter().enumerate() {
        let (mail, start) = to_ada(id, NOW + n as i64);
        queue.enqueue(&mail, NOW + n as i64, start, false, MAX_QUEUED).expect("written");
    }
    enqueue(&queue, "other");
    let claim = queue.claim("w", &(NOW + 10), LEASE, 10, THREE_IN_15_MINUTES).expect("claimed");
    assert_eq!(claim.collapsed, 2);
    let codes: HashSet<_> = claim.mails.iter().map(|m| m.notification.code.clone()).collect();
    assert_eq!(codes, HashSet::from(["code-c3".to_owned(), "lprvj4".to_owned()]));
    assert_eq!(row_text(&queue, "c1"), "collapsed|", "erased");
}

#[test]
fn an_address_past_its_limit_is_suppressed_until_the_window_passes() {
    let (_dir, queue) = temp_queue();
    let mut sent = Vec::new();
    for n in 0..5_i64 {
        let id = format!("s{n}");
        let (mail, start) = to_ada(&id, NOW + n * 1_000);
        queue.enqueue(&mail, NOW + n * 1_000, start, false, MAX_QUEUED).expect("written");
        let claim = queue.claim("w", &(NOW + n * 1_000), LEASE, 10, THREE_IN_15_MINUTES).expect("claimed");
        sent.extend(claim.mails.iter().map(|m| m.notification.envelope_id.clone()));
        for mail in &claim.mails {
            queue.finish(&mail.notification.envelope_id, Outcome::Sent, NOW, None).expect("finished");
        }
        assert_eq!(claim.suppressed, u64::from(n >= 3), "mail {n}");
    }
    assert_eq!(sent, ["s0", "s1", "s2"]);
    assert_eq!(row_text(&queue, "s4"), "suppressed|");
    let later = NOW + 901_000;
    let (mail, start) = to_ada("s5", later);
    queue.enqueue(&mail, later, start, false, MAX_QUEUED).expect("written");
    assert_eq!(queue.claim("w", &later, LEASE, 10, THREE_IN_15_MINUTES).expect("claimed").mails.len(), 1);
}

#[test]
fn a_retry_is_not_counted_again_and_the_rate_leaves_the_rest_waiting() {
    let (_dir, queue) = temp_queue();
    let (mail, start) = to_ada("t1", NOW);
    queue.enqueue(&mail, NOW, start, false, MAX_QUEUED).expect("written");
    let one = SendLimits { per_recipient: 1, recipient_window_ms: 900_000, per_second: 2 };
    assert_eq!(queue.claim("w", &NOW, LEASE, 10, one).expect("claimed").mails.len(), 1);
    queue.retry_at("t1", "w", NOW + 100, "down").expect("written");
    assert_eq!(
        queue.claim("w", &(NOW + 100), LEASE, 10, one).expect("claimed").mails.len(),
        1,
        "its own retry"
    );
    for n in 0..4 {
        enqueue(&queue, &format!("rate{n}"));
    }
    let claim = queue.claim("w", &(NOW + 200), LEASE, 10, one).expect("claimed");
    assert_eq!((claim.mails.len(), claim.deferred), (1, true), "2 a second: t1 and one more");
    let claim = queue.claim("w", &(NOW + 1_200), LEASE, 10, one).expect("claimed");
    assert_eq!((claim.mails.len(), claim.deferred), (2, true));
    assert_eq!(queue.depth(NOW + 1_200).expect("counted").queued, 5, "waiting, not dropped");
}

#[test]
fn a_newer_schema_is_refused() {
    let (dir, queue) = temp_queue();
    queue.connection().execute_batch("PRAGMA user_version = 99").expect("written");
    drop(queue);
    let error = Queue::open(&dir.path().join("queue.sqlite3")).expect_err("refused");
    assert!(matches!(error, QueueError::NewerSchema { found: 99, .. }), "{error}");
}

#[test]
fn the_file_is_private_and_in_wal_mode() {
    let (dir, queue) = temp_queue();
    let mode: String =
        queue.connection().query_row("PRAGMA journal_mode", [], |row| row.get(0)).expect("read");
    assert_eq!(mode, "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::metadata(dir.path().join("queue.sqlite3")).expect("exists").permissions();
        assert_eq!(permissions.mode() & 0o777, 0o600);
    }
}

#[test]
fn the_language_is_kept_with_the_mail() {
    let (_dir, queue) = temp_queue();
    let mut german = notification("de-1");
    german.locale = Some(Locale::De);
    queue.enqueue(&german, NOW, NOW, false, MAX_QUEUED).expect("written");
    enqueue(&queue, "none-1");
    let claimed = queue.claim("w", &NOW, LEASE, 10, SendLimits::NONE).expect("claimed").mails;
    let locales: HashSet<_> = claimed
        .iter()
        .map(|mail| (mail.notification.envelope_id.clone(), mail.notification.locale))
        .collect();
    assert_eq!(locales, HashSet::from([("de-1".to_owned(), Some(Locale::De)), ("none-1".to_owned(), None)]));
}

const VERSION_1: &str = "
CREATE TABLE mail (
    envelope_id TEXT PRIMARY KEY NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'expired', 'failed')),
    received_at INTEGER NOT NULL, lifetime_start INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL, lease_owner TEXT, lease_until INTEGER, finished_at INTEGER,
    last_error TEXT, recipient TEXT, name TEXT, username TEXT, code TEXT, password_profile_id TEXT,
    realm_id TEXT, credential_id TEXT
) STRICT;
CREATE INDEX mail_due ON mail (state, next_attempt_at);
CREATE INDEX mail_finished ON mail (finished_at) WHERE finished_at IS NOT NULL;
";

#[test]
fn a_version_1_queue_is_migrated_to_the_newest_and_keeps_its_mail() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("queue.sqlite3");
    {
        let connection = Connection::open(&path).expect("opens");
        connection.execute_batch(VERSION_1).expect("version 1 schema");
        connection
            .execute_batch(
                "PRAGMA user_version = 1;
                 INSERT INTO mail (envelope_id, state, received_at, lifetime_start, next_attempt_at, recipient, username, code)
                 VALUES ('old-1', 'queued', 1, 1, 1, 'ada@example.com', 'ada@example.com', 'lprvj4');",
            )
            .expect("an old row");
    }
    let queue = Queue::open(&path).expect("migrates");
    let claimed = queue.claim("w", &NOW, LEASE, 10, SendLimits::NONE).expect("claimed").mails;
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].notification.locale, None);
    let (newer, start) = to_ada("new-1", NOW);
    queue.enqueue(&newer, NOW, start, false, MAX_QUEUED).expect("the new states and columns work");
    let version: i64 =
        queue.connection().query_row("PRAGMA user_version", [], |row| row.get(0)).expect("read");
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn mails_waiting_for_a_retry_collapse_into_a_newer_one_and_free_their_count() {
    let (_dir, queue) = temp_queue();
    let one = SendLimits { per_recipient: 1, recipient_window_ms: 900_000, per_second: 1_000 };
    let (first, start) = to_ada("w1", NOW);
    queue.enqueue(&first, NOW, start, false, MAX_QUEUED).expect("written");
    assert_eq!(queue.claim("w", &NOW, LEASE, 10, one).expect("claimed").mails.len(), 1);
    queue.retry_at("w1", "w", NOW + 60_000, "down").expect("written");
    let (second, start) = to_ada("w2", NOW + 10);
    queue.enqueue(&second, NOW + 10, start, false, MAX_QUEUED).expect("written");
    let claim = queue.claim("w", &(NOW + 20), LEASE, 10, one).expect("claimed");
    assert_eq!(claim.collapsed, 1, "the first, waiting for its retry, is replaced");
    assert_eq!(claim.suppressed, 0, "and no longer counts against the address");
    assert_eq!(claim.mails.iter().map(|m| m.notification.code.as_str()).collect::<Vec<_>>(), ["code-w2"]);
    assert_eq!(row_text(&queue, "w1"), "collapsed|");
}
