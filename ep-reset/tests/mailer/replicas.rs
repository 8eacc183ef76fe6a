//! Two replicas on one queue (the PostgreSQL case is the one several hosts use; the SQLite file is the
//! one-host case): one killed in the middle of its deliveries leaves its work to the other, and an
//! envelope delivered to both is one mail. On PostgreSQL a lease runs on the database's clock, so a
//! replica whose clock is behind cannot hand another one a lease that has already run out.

use std::collections::HashMap;

use serde_json::json;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    a_replica_killed_mid_delivery_leaves_its_work_to_the_other,
    the_same_envelope_posted_to_both_is_one_mail
);

fn a_replica_killed_mid_delivery_leaves_its_work_to_the_other(backend: &Backend) {
    let smtp = MailDev::start();
    let db = backend.db();
    // Few mails a second, so the kill falls in the middle of the work.
    let paced = ["--max-mails-per-second", "20"];
    let mut doomed = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &paced });
    let survivor = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &paced });
    const COUNT: usize = 100;
    for n in 0..COUNT {
        let event =
            envelope(&format!("evt-kill-{n}"), &format!("kill{n}@example.com"), "Kill", &format!("k1ll{n}"));
        let replica = if n % 2 == 0 { &doomed } else { &survivor };
        assert_eq!(replica.post(&event).0, 202);
    }
    eventually("the doomed replica is delivering", || {
        (doomed.metric("ep_reset_mailer_mails_sent_total") >= 5.0).then_some(())
    });
    doomed.kill();
    let messages = smtp.wait_for(COUNT);
    survivor.wait_queue("queued", 0);
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for to in recipients(&smtp.messages()) {
        *per_recipient.entry(to).or_default() += 1;
    }
    assert_eq!(per_recipient.len(), COUNT, "every envelope arrived");
    // SMTP is at-least-once: only a mail the dead replica had handed over but not yet recorded can come
    // twice (at most one per pooled connection), and then with the same Message-ID.
    let twice = per_recipient.values().filter(|&&n| n > 1).count();
    assert!(twice <= 8, "{twice} sent twice");
    assert!(messages.len() >= COUNT);
}

fn the_same_envelope_posted_to_both_is_one_mail(backend: &Backend) {
    let smtp = MailDev::start();
    let db = backend.db();
    let a = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &[] });
    let b = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &[] });
    let event = envelope("evt-both-1", "both@example.com", "Both", "b0th11");
    let answers = std::thread::scope(|scope| {
        let first = scope.spawn(|| a.post(&event));
        let second = scope.spawn(|| b.post(&event));
        [first.join().expect("answered"), second.join().expect("answered")]
    });
    let mut statuses: Vec<u16> = answers.iter().map(|(status, _)| *status).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 202], "{answers:?}");
    assert!(answers.contains(&(200, json!({"result": "duplicate"}))));
    smtp.wait_for(1);
    a.wait_queue("queued", 0);
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(recipients(&smtp.messages()), ["both@example.com"], "one mail");
}

#[test]
fn a_lease_on_postgres_holds_whatever_the_replicas_clocks_say() {
    use std::sync::Arc;
    use std::time::Duration;

    use ep_reset::mailer::clock::{Clock, SystemClock};
    use ep_reset::mailer::envelope::Notification;
    use ep_reset::mailer::queue::{SendLimits, Store, Target};
    const HOUR: i64 = 3_600_000;
    let backend = Backend::postgres();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let store = Store::open(&Target::parse(&backend.db())).await.expect("opened");
        let right = SystemClock.now();
        let mail = Notification {
            envelope_id: "skewed-1".into(),
            attempt: None,
            created_at: None,
            email: "skew@example.com".into(),
            name: None,
            username: "skew@example.com".into(),
            code: "sk3w3d".into(),
            password_profile_id: None,
            authentication_realm_id: None,
            credential_id: None,
            locale: None,
        };
        store.enqueue(mail, right - 2 * HOUR, right - 2 * HOUR, false, 100).await.expect("queued");
        let lease = Duration::from_secs(60);
        let behind: Arc<dyn Clock> = Arc::new(right - HOUR);
        let first = store.claim("behind".into(), behind, lease, 10, SendLimits::NONE).await.expect("claimed");
        assert_eq!(first.mails.len(), 1);
        let second = store
            .claim("right".into(), Arc::new(SystemClock), lease, 10, SendLimits::NONE)
            .await
            .expect("claimed");
        assert!(second.mails.is_empty(), "still leased to the replica whose clock is an hour behind");
        assert_eq!(store.depth(right).await.expect("counted").leased, 1);
    });
}
