//! Nothing is lost: an SMTP outage, a SIGKILL between the 2xx and the hand-over, and two mailers on one
//! queue each still end in exactly one message per envelope, on SQLite and on PostgreSQL. A PostgreSQL
//! server cut off mid-call makes the call fail within its bound (so the webhook can answer 503), and the next
//! call after the cut heals works on a new connection.

use std::collections::HashMap;

use serde_json::json;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    smtp_down_for_a_while_then_the_message_arrives_once,
    a_mailer_killed_after_answering_and_before_sending_delivers_once_when_restarted,
    a_mailer_killed_right_after_answering_loses_nothing,
    two_mailers_sharing_one_queue_send_each_envelope_once,
);

fn smtp_down_for_a_while_then_the_message_arrives_once(backend: &Backend) {
    let port = free_port();
    let mailer = Mailer::start(&MailerSetup { smtp_port: port, db: &backend.db(), extra: &[] });
    assert_eq!(mailer.post(&envelope("evt-outage-1", "outage@example.com", "Out Age", "0utage")).0, 202);
    // Several attempts fail while nothing listens.
    eventually("two failed attempts", || {
        let log = mailer.log();
        log.contains("envelope evt-outage-1 to o***@example.com: attempt 2 failed").then_some(())
    });
    assert_eq!(mailer.health()["smtp"]["state"], "down");
    assert_eq!(mailer.health()["queue"]["queued"], 1);

    let smtp = MailDev::start_on(port);
    let messages = smtp.wait_for(1);
    mailer.wait_sent(1);
    assert_eq!(recipients(&smtp.messages()), ["outage@example.com"], "once");
    assert!(messages[0]["text"].as_str().unwrap_or_default().contains("token=0utage"));
    assert_eq!(mailer.health()["smtp"]["state"], "up");
    assert_clean(&mailer.log(), &["0utage", "outage@example.com"]);
}

fn a_mailer_killed_after_answering_and_before_sending_delivers_once_when_restarted(backend: &Backend) {
    let db = backend.db();
    // First life: the SMTP server is a closed port, so nothing can be sent before the kill.
    let mut first = Mailer::start(&MailerSetup { smtp_port: free_port(), db: &db, extra: &[] });
    let event = envelope("evt-kill-1", "phoenix@example.com", "Phoenix", "r1s3n7");
    assert_eq!(first.post(&event), (202, json!({"result": "queued"})));
    eventually("an attempt failed", || {
        first.log().contains("evt-kill-1 to p***@example.com: attempt 1 failed").then_some(())
    });
    first.kill();

    // Second life: same queue, a live SMTP server.
    let smtp = MailDev::start();
    let second = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &[] });
    let messages = smtp.wait_for(1);
    second.wait_sent(1);
    second.wait_queue("queued", 0);
    assert_eq!(recipients(&smtp.messages()), ["phoenix@example.com"], "exactly once");
    assert!(messages[0]["text"].as_str().unwrap_or_default().contains("token=r1s3n7"));
    // Elastic Path delivering the same envelope again after the restart changes nothing.
    assert_eq!(second.post(&event), (200, json!({"result": "duplicate"})));
    assert_eq!(smtp.messages().len(), 1);
    assert_clean(&format!("{}{}", first.log(), second.log()), &["r1s3n7", "phoenix@example.com"]);
}

fn a_mailer_killed_right_after_answering_loses_nothing(backend: &Backend) {
    let db = backend.db();
    let smtp = MailDev::start();
    let port = free_port();
    let mut first = Mailer::start(&MailerSetup { smtp_port: port, db: &db, extra: &[] });
    let events: Vec<_> = (0..5)
        .map(|n| {
            envelope(
                &format!("evt-burst-{n}"),
                &format!("burst{n}@example.com"),
                "Burst",
                &format!("bur5t{n}"),
            )
        })
        .collect();
    for event in &events {
        assert_eq!(first.post(event).0, 202);
    }
    // Killed at once: some rows may still be leased by the dead worker; the leases run out.
    first.kill();
    let second = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &[] });
    smtp.wait_for(5);
    second.wait_sent(5);
    let mut got = recipients(&smtp.messages());
    got.sort();
    assert_eq!(got, (0..5).map(|n| format!("burst{n}@example.com")).collect::<Vec<_>>());
}

fn two_mailers_sharing_one_queue_send_each_envelope_once(backend: &Backend) {
    let smtp = MailDev::start();
    let db = backend.db();
    let fast = ["--max-mails-per-second", "1000"];
    let a = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &fast });
    let b = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &fast });
    const COUNT: usize = 200;
    for n in 0..COUNT {
        let event = envelope(
            &format!("evt-shared-{n}"),
            &format!("shared{n}@example.com"),
            "Shared",
            &format!("sh4r3{n}"),
        );
        // Behind a load balancer, events alternate between the replicas, and at-least-once delivery may
        // bring the same one to both.
        let (first, second) = if n % 2 == 0 { (&a, &b) } else { (&b, &a) };
        assert_eq!(first.post(&event).0, 202);
        if n % 10 == 0 {
            assert_eq!(second.post(&event), (200, json!({"result": "duplicate"})));
        }
    }
    smtp.wait_for(COUNT);
    eventually("both replicas recorded every mail", || {
        let sent =
            a.metric("ep_reset_mailer_mails_sent_total") + b.metric("ep_reset_mailer_mails_sent_total");
        (sent >= COUNT as f64).then_some(())
    });
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for to in recipients(&smtp.messages()) {
        *per_recipient.entry(to).or_default() += 1;
    }
    assert_eq!(per_recipient.len(), COUNT);
    assert!(per_recipient.values().all(|&n| n == 1), "{per_recipient:?}");
    let senders = [a.log(), b.log()].map(|log| log.matches(": sent (attempt").count());
    assert_eq!(senders.iter().sum::<usize>(), COUNT, "each mail sent by exactly one replica: {senders:?}");
    assert!(senders.iter().all(|&n| n > 0), "both replicas worked: {senders:?}");
}

/// A TCP relay to `upstream` that holds every byte while `cut` is set (a network partition) and counts
/// the connections it relays in `connections`.
fn relay(
    upstream: u16,
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
) -> u16 {
    use std::io::{Read, Write};
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("an address").port();
    std::thread::spawn(move || {
        for client in listener.incoming().map_while(Result::ok) {
            let Ok(server) = std::net::TcpStream::connect(("127.0.0.1", upstream)) else { continue };
            connections.fetch_add(1, Ordering::SeqCst);
            for (mut from, mut to) in [
                (client.try_clone().expect("a handle"), server.try_clone().expect("a handle")),
                (server, client),
            ] {
                let cut = std::sync::Arc::clone(&cut);
                std::thread::spawn(move || {
                    let mut buffer = [0_u8; 16 * 1024];
                    while let Ok(read) = from.read(&mut buffer) {
                        while cut.load(Ordering::SeqCst) {
                            std::thread::sleep(std::time::Duration::from_millis(50));
                        }
                        if read == 0 || to.write_all(&buffer[..read]).is_err() {
                            break;
                        }
                    }
                    let _ = to.shutdown(std::net::Shutdown::Write);
                });
            }
        }
    });
    port
}

#[test]
fn a_partitioned_postgres_fails_the_call_within_its_bound_and_the_next_call_reconnects() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use ep_reset::mailer::queue::{QueueError, Store, Target};
    let Backend::Postgres(cluster) = Backend::postgres() else { unreachable!("a PostgreSQL backend") };
    let cut = Arc::new(AtomicBool::new(false));
    let connections = Arc::new(AtomicUsize::new(0));
    let port = relay(cluster.port, Arc::clone(&cut), Arc::clone(&connections));
    let url = format!("postgres://postgres@127.0.0.1:{port}/mailer");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let store = Store::open(&Target::parse(&url)).await.expect("opened");
        assert_eq!(store.depth(0).await.expect("counted").queued, 0);
        cut.store(true, Ordering::SeqCst);
        let error = store.depth(0).await.expect_err("no answer through the cut");
        assert!(matches!(error, QueueError::Postgres { .. }), "{error}");
        assert!(error.to_string().contains("no answer within"), "{error}");
        cut.store(false, Ordering::SeqCst);
        assert_eq!(store.depth(0).await.expect("counted on a new connection").queued, 0);
        assert_eq!(connections.load(Ordering::SeqCst), 2, "the stuck connection was dropped");
    });
}
