//! The abuse limits, on both backends: one address gets at most 3 mails in 15 minutes, mails still
//! waiting for one address collapse into the newest, and a full queue answers 503 without losing what it
//! accepted. The global rate holds for retries too (counted on the queue itself, not timed).

use std::collections::HashSet;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    ten_events_for_one_address_in_a_minute_send_at_most_three_mails,
    with_smtp_down_five_events_for_one_address_become_one_mail_with_the_newest_code,
    a_full_queue_answers_503_and_loses_nothing_it_accepted,
    a_backlog_of_retries_after_an_outage_keeps_to_the_rate,
);

const SUPPRESSED: &str = "ep_reset_mailer_mails_suppressed_total{limit=\"per_recipient\"}";
const COLLAPSED: &str = "ep_reset_mailer_mails_suppressed_total{limit=\"collapsed\"}";
const SENT: &str = "ep_reset_mailer_mails_sent_total";

fn ten_events_for_one_address_in_a_minute_send_at_most_three_mails(backend: &Backend) {
    let smtp = MailDev::start();
    let mailer = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &backend.db(), extra: &[] });
    let codes: Vec<String> = (0..10).map(|n| format!("fl00d{n}")).collect();
    for (n, code) in codes.iter().enumerate() {
        let event = envelope(&format!("evt-flood-{n}"), "victim@example.com", "Victim", code);
        assert_eq!(mailer.post(&event).0, 202, "every event is accepted (answers do not tell a limit)");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    eventually("every event is sent, suppressed or collapsed", || {
        let metrics = mailer.metrics();
        let settled =
            metric_in(&metrics, SENT) + metric_in(&metrics, SUPPRESSED) + metric_in(&metrics, COLLAPSED);
        (settled >= 10.0).then_some(())
    });
    mailer.wait_queue("queued", 0);
    let messages = smtp.messages();
    assert!((1..=3).contains(&messages.len()), "{} mails", messages.len());
    let known: HashSet<&str> = codes.iter().map(String::as_str).collect();
    for message in &messages {
        let text = message["text"].as_str().unwrap_or_default();
        assert!(known.iter().any(|code| text.contains(&format!("    {code}\n"))), "one of the codes: {text}");
    }
    let metrics = mailer.metrics();
    assert_eq!(metric_in(&metrics, SENT), messages.len() as f64);
    assert_eq!(
        metric_in(&metrics, SUPPRESSED) + metric_in(&metrics, COLLAPSED),
        (10 - messages.len()) as f64,
        "the rest are counted:\n{metrics}"
    );
    assert_clean(&mailer.log(), &["victim@example.com", "fl00d"]);
}

fn with_smtp_down_five_events_for_one_address_become_one_mail_with_the_newest_code(backend: &Backend) {
    let port = free_port();
    let mailer = Mailer::start(&MailerSetup { smtp_port: port, db: &backend.db(), extra: &[] });
    for n in 0..5 {
        let event = envelope(&format!("evt-down-{n}"), "waiting@example.com", "Waiting", &format!("d0wn{n}"));
        assert_eq!(mailer.post(&event).0, 202);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    mailer.wait_metric(COLLAPSED, 4.0);
    let smtp = MailDev::start_on(port);
    let messages = smtp.wait_for(1);
    mailer.wait_queue("queued", 0);
    assert_eq!(smtp.messages().len(), 1, "one mail");
    let text = messages[0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("    d0wn4\n"), "the newest code: {text}");
    assert_eq!(mailer.metric(SENT), 1.0);
    assert_eq!(mailer.metric(SUPPRESSED), 0.0);
}

fn a_full_queue_answers_503_and_loses_nothing_it_accepted(backend: &Backend) {
    let port = free_port();
    let db = backend.db();
    let mut first = Mailer::start(&MailerSetup { smtp_port: port, db: &db, extra: &["--max-queued", "3"] });
    for n in 0..3 {
        let event =
            envelope(&format!("evt-full-{n}"), &format!("full{n}@example.com"), "Full", &format!("fu11{n}"));
        assert_eq!(first.post(&event).0, 202);
    }
    let overflow = envelope("evt-full-3", "full3@example.com", "Full", "fu113");
    let (status, answer) = first.post(&overflow);
    assert_eq!(status, 503, "{answer}");
    assert_eq!(answer["error"], "the queue is full; deliver again later");
    assert_eq!(
        first.post(&envelope("evt-full-0", "full0@example.com", "Full", "fu110")).0,
        200,
        "a repeat is known"
    );
    assert_eq!(first.metric("ep_reset_mailer_events_refused_total{reason=\"queue_full\"}"), 1.0);
    first.kill();
    // Everything accepted goes out once SMTP is back, and the refused event is taken when redelivered.
    let smtp = MailDev::start_on(port);
    let second = Mailer::start(&MailerSetup { smtp_port: port, db: &db, extra: &["--max-queued", "3"] });
    smtp.wait_for(3);
    second.wait_queue("queued", 0);
    assert_eq!(second.post(&overflow).0, 202, "Elastic Path's retry now fits");
    let mut got = recipients(&smtp.wait_for(4));
    got.sort();
    assert_eq!(got, ["full0@example.com", "full1@example.com", "full2@example.com", "full3@example.com"]);
}

fn a_backlog_of_retries_after_an_outage_keeps_to_the_rate(backend: &Backend) {
    use std::sync::Arc;

    use ep_reset::mailer::envelope::Notification;
    use ep_reset::mailer::queue::{SendLimits, Store, Target};
    const NOW: i64 = 1_800_000_000_000;
    const LEASE: std::time::Duration = std::time::Duration::from_secs(60);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let store = Store::open(&Target::parse(&backend.db())).await.expect("opened");
        for n in 0..4 {
            let mail = Notification {
                envelope_id: format!("backlog{n}"),
                attempt: None,
                created_at: None,
                email: format!("backlog{n}@example.com"),
                name: None,
                username: format!("backlog{n}@example.com"),
                code: "b4ckl0g".into(),
                password_profile_id: None,
                authentication_realm_id: None,
                credential_id: None,
                locale: None,
            };
            store.enqueue(mail, NOW, NOW, false, 100).await.expect("queued");
        }
        let four = SendLimits { per_recipient: 3, recipient_window_ms: 900_000, per_second: 4 };
        let claim = |at: i64, limits: SendLimits| store.claim("w".into(), Arc::new(at), LEASE, 10, limits);
        let first = claim(NOW, four).await.expect("claimed");
        assert_eq!(first.mails.len(), 4, "the outage: every attempt fails");
        for mail in first.mails {
            let id = mail.notification.envelope_id;
            store.retry_at(id, "w".into(), NOW + 5_000, "down".into()).await.expect("rescheduled");
        }
        let two = SendLimits { per_second: 2, ..four };
        let back = claim(NOW + 5_000, two).await.expect("claimed");
        assert_eq!((back.mails.len(), back.deferred), (2, true), "2 a second, retries too");
        let same_second = claim(NOW + 5_001, two).await.expect("claimed");
        assert_eq!((same_second.mails.len(), same_second.deferred), (0, true));
        let next = claim(NOW + 6_000, two).await.expect("claimed");
        assert_eq!((next.mails.len(), next.suppressed), (2, 0), "the next second; no retry counted twice");
    });
}
