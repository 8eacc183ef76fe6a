use std::collections::HashSet;
use std::sync::Arc;

use super::*;

const NOW: EpochMs = 1_700_000_000_000;
const LEASE: Duration = Duration::from_secs(30);

fn notification(id: &str) -> Notification {
    Notification {
        envelope_id: id.into(),
        attempt: Some(1),
        created_at: None,
        email: "ada@example.com".into(),
        name: Some("Ada".into()),
        username: "ada@example.com".into(),
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
    queue.enqueue(&notification(id), NOW, NOW, false).expect("written")
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
    assert_eq!((depth.queued, depth.sent), (1, 1));
}

#[test]
fn a_repeat_is_a_duplicate_whatever_its_payload() {
    let (_dir, queue) = temp_queue();
    assert_eq!(enqueue(&queue, "e1"), Enqueued::Queued);
    let mut changed = notification("e1");
    changed.code = "other1".into();
    assert_eq!(queue.enqueue(&changed, NOW + 5, NOW + 5, false).expect("written"), Enqueued::Duplicate);
    let claimed = queue.claim("w", NOW, LEASE, 10).expect("claimed");
    assert_eq!(claimed[0].notification.code, "lprvj4", "the first delivery's content stays");
}

#[test]
fn an_expired_arrival_is_recorded_without_personal_data_and_never_claimed() {
    let (_dir, queue) = temp_queue();
    assert_eq!(
        queue.enqueue(&notification("old"), NOW, NOW - 700_000, true).expect("written"),
        Enqueued::ExpiredOnArrival
    );
    assert_eq!(
        queue.enqueue(&notification("old"), NOW, NOW - 700_000, false).expect("written"),
        Enqueued::Duplicate
    );
    assert_eq!(row_text(&queue, "old"), "expired|");
    assert!(queue.claim("w", NOW, LEASE, 10).expect("claimed").is_empty());
}

#[test]
fn two_handles_on_one_file_agree_on_duplicates() {
    let (dir, first) = temp_queue();
    let second = Queue::open(&dir.path().join("queue.sqlite3")).expect("a second connection");
    assert_eq!(enqueue(&first, "e1"), Enqueued::Queued);
    assert_eq!(enqueue(&second, "e1"), Enqueued::Duplicate);
}

#[test]
fn a_lease_keeps_other_workers_off_until_it_runs_out() {
    let (dir, queue) = temp_queue();
    let other = Queue::open(&dir.path().join("queue.sqlite3")).expect("another process");
    enqueue(&queue, "e1");
    let mine = queue.claim("worker-a", NOW, LEASE, 10).expect("claimed");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].attempts, 1);
    assert_eq!(mine[0].notification.email, "ada@example.com");
    assert!(other.claim("worker-b", NOW + 1_000, LEASE, 10).expect("claimed").is_empty(), "still leased");
    assert!(
        queue.claim("worker-a", NOW + 1_000, LEASE, 10).expect("claimed").is_empty(),
        "not twice to its owner"
    );
    let after = other.claim("worker-b", NOW + 30_000, LEASE, 10).expect("claimed");
    assert_eq!(after.len(), 1, "the lease ran out (its worker died)");
    assert_eq!(after[0].attempts, 2);
    // The first worker comes back too late: its retry must not undo the new owner's lease.
    queue.retry_at("e1", "worker-a", NOW + 40_000, "late").expect("written");
    assert!(queue.claim("worker-c", NOW + 31_000, LEASE, 10).expect("claimed").is_empty());
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
                    let batch = queue.claim(&format!("w{w}"), NOW, LEASE, 7).expect("claimed");
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
    queue.claim("w", NOW, LEASE, 1).expect("claimed");
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
    queue.claim("w", NOW, LEASE, 1).expect("claimed");
    queue.retry_at("e1", "w", NOW + 5_000, "connection refused").expect("written");
    assert!(queue.claim("w", NOW + 4_999, LEASE, 1).expect("claimed").is_empty());
    assert_eq!(queue.next_due().expect("read"), Some(NOW + 5_000));
    let again = queue.claim("w", NOW + 5_000, LEASE, 1).expect("claimed");
    assert_eq!(again[0].attempts, 2);
}

#[test]
fn depth_counts_each_state() {
    let (_dir, queue) = temp_queue();
    for id in ["a", "b", "c", "d"] {
        enqueue(&queue, id);
    }
    queue.claim("w", NOW, LEASE, 2).expect("claimed");
    queue.finish("a", Outcome::Sent, NOW, None).expect("finished");
    queue.retry_at("b", "w", NOW + 60_000, "down").expect("written");
    queue.enqueue(&notification("old"), NOW, NOW - 700_000, true).expect("written");
    let depth = queue.depth(NOW).expect("counted");
    assert_eq!(
        depth,
        Depth {
            queued: 3,
            due: 2,
            leased: 0,
            oldest_lifetime_start: Some(NOW),
            sent: 1,
            expired: 1,
            failed: 0
        }
    );
    queue.claim("w", NOW, LEASE, 1).expect("claimed");
    assert_eq!(queue.depth(NOW).expect("counted").leased, 1);
}

#[test]
fn maintenance_forgets_old_outcomes_but_never_queued_mail() {
    let (_dir, queue) = temp_queue();
    enqueue(&queue, "sent-long-ago");
    enqueue(&queue, "still-queued");
    queue.finish("sent-long-ago", Outcome::Sent, NOW, None).expect("finished");
    assert_eq!(queue.maintain(NOW).expect("maintained"), 0, "not older than the cut-off");
    assert_eq!(queue.maintain(NOW + 1).expect("maintained"), 1);
    assert_eq!(queue.depth(NOW).expect("counted").queued, 1);
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
    queue.enqueue(&german, NOW, NOW, false).expect("written");
    enqueue(&queue, "none-1");
    let claimed = queue.claim("w", NOW, LEASE, 10).expect("claimed");
    let locales: HashSet<_> = claimed
        .iter()
        .map(|mail| (mail.notification.envelope_id.clone(), mail.notification.locale))
        .collect();
    assert_eq!(locales, HashSet::from([("de-1".to_owned(), Some(Locale::De)), ("none-1".to_owned(), None)]));
}

#[test]
fn a_version_1_queue_gains_the_language_column_and_keeps_its_mail() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("queue.sqlite3");
    {
        let connection = Connection::open(&path).expect("opens");
        let version_1 = SCHEMA.replace(",\n    locale              TEXT", "");
        connection.execute_batch(&version_1).expect("version 1 schema");
        connection
            .execute_batch(
                "PRAGMA user_version = 1;
                 INSERT INTO mail (envelope_id, state, received_at, lifetime_start, next_attempt_at, recipient, username, code)
                 VALUES ('old-1', 'queued', 1, 1, 1, 'ada@example.com', 'ada@example.com', 'lprvj4');",
            )
            .expect("an old row");
    }
    let queue = Queue::open(&path).expect("migrates");
    let claimed = queue.claim("w", NOW, LEASE, 10).expect("claimed");
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].notification.locale, None);
    let version: i64 =
        queue.connection().query_row("PRAGMA user_version", [], |row| row.get(0)).expect("read");
    assert_eq!(version, SCHEMA_VERSION);
}
