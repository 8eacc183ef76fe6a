//! What the public listener shows an outsider: nothing but the webhook's own answers, the same whether
//! or not an account exists; slow or flooding clients neither hold it nor fill the log; a hostile name
//! arrives cleaned and capped.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::*;

/// Every request an outsider might try that is not a webhook delivery, as (method, path).
const PROBES: [(&str, &str); 12] = [
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/metrics"),
    ("GET", "/one-time-password-token-notification"),
    ("HEAD", "/one-time-password-token-notification"),
    ("PUT", "/one-time-password-token-notification"),
    ("OPTIONS", "/one-time-password-token-notification"),
    ("DELETE", "/one-time-password-token-notification"),
    ("GET", "/robots.txt"),
    ("GET", "/../../etc/passwd"),
    ("POST", "/one-time-password-token-notification/x"),
];

/// Each probe's answer as an outsider sees it: status, header names and values (but the date), body.
fn answers(mailer: &Mailer) -> Vec<String> {
    let client = reqwest::blocking::Client::new();
    let mut seen = Vec::new();
    for (method, path) in PROBES {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        let response =
            client.request(method.clone(), format!("{}{path}", mailer.base)).send().expect("an answer");
        let mut headers: Vec<String> = response
            .headers()
            .iter()
            .filter(|(name, _)| *name != "date")
            .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or_default()))
            .collect();
        headers.sort();
        let status = response.status().as_u16();
        let body = response.text().unwrap_or_default();
        seen.push(format!("{method} {path} -> {status} {headers:?} {body:?}"));
    }
    // The webhook itself, without the secret (an outsider has none).
    let event = envelope("evt-probe", "probe@example.com", "Probe", "pr0be1").to_string().into_bytes();
    for secret in [None, Some("a-guess-that-is-not-the-secret-0000000")] {
        let (status, answer) = mailer.post_with(secret, "application/json", event.clone());
        seen.push(format!("POST webhook {secret:?} -> {status} {answer}"));
    }
    seen
}

#[test]
fn the_public_listener_answers_nothing_but_the_webhook() {
    let dir = Backend::sqlite();
    let mailer = Mailer::start(&MailerSetup { smtp_port: free_port(), db: &dir.db(), extra: &[] });
    for line in answers(&mailer).iter().take(PROBES.len()) {
        assert!(
            line.ends_with(" -> 404 [\"content-length: 0\"] \"\""),
            "an empty 404 with no server details: {line}"
        );
    }
    // The figures are on the operations listener only.
    let ops = reqwest::blocking::get(format!("{}/metrics", mailer.ops)).expect("an answer");
    assert_eq!(ops.status().as_u16(), 200);
}

#[test]
fn an_event_for_a_real_account_changes_no_public_answer() {
    // Elastic Path fires an event only for an existing account: one mailer gets one, the other none.
    let smtp = MailDev::start();
    let (dir_known, dir_unknown) = (Backend::sqlite(), Backend::sqlite());
    let known = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &dir_known.db(), extra: &[] });
    let unknown =
        Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &dir_unknown.db(), extra: &[] });
    let before = answers(&known);
    assert_eq!(before, answers(&unknown));
    assert_eq!(known.post(&envelope("evt-enum-1", "exists@example.com", "Exists", "3x1st5")).0, 202);
    smtp.wait_for(1);
    known.wait_sent(1);
    assert_eq!(answers(&known), before, "the account's event moved nothing an outsider can read");
    assert_eq!(answers(&unknown), before);
}

#[test]
fn a_client_sending_headers_a_byte_a_second_is_closed_while_webhooks_are_served() {
    let smtp = MailDev::start();
    let dir = Backend::sqlite();
    let mailer = Mailer::start(&MailerSetup {
        smtp_port: smtp.smtp_port,
        db: &dir.db(),
        extra: &["--header-timeout-ms", "2000", "--max-connections", "8"],
    });
    let address = mailer.base.trim_start_matches("http://").to_string();
    let slow = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(&address).expect("connects");
        stream.set_read_timeout(Some(Duration::from_millis(50))).expect("a timeout");
        let request = b"POST /one-time-password-token-notification HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
        let started = Instant::now();
        for byte in request {
            if stream.write_all(&[*byte]).is_err() {
                return started.elapsed();
            }
            let mut buffer = [0_u8; 256];
            let deadline = Instant::now() + Duration::from_secs(1);
            while Instant::now() < deadline {
                match stream.read(&mut buffer) {
                    Ok(_) => return started.elapsed(),
                    Err(e)
                        if e.kind() == std::io::ErrorKind::WouldBlock
                            || e.kind() == std::io::ErrorKind::TimedOut => {}
                    Err(_) => return started.elapsed(),
                }
            }
        }
        panic!("the whole request went through a byte a second without the connection being closed");
    });
    // Meanwhile Elastic Path's deliveries are served.
    for n in 0..5 {
        let event =
            envelope(&format!("evt-slow-{n}"), &format!("slow{n}@example.com"), "Slow", &format!("s1ow{n}"));
        assert_eq!(mailer.post(&event).0, 202);
    }
    let closed_after = slow.join().expect("the slow client finished");
    // A guard with room for a loaded machine: the request would take over 100 s to send.
    assert!(closed_after < Duration::from_secs(15), "closed after {closed_after:?}");
    smtp.wait_for(5);
}

#[test]
fn a_flood_of_refused_requests_writes_a_line_a_second() {
    let dir = Backend::sqlite();
    let mailer = Mailer::start(&MailerSetup { smtp_port: free_port(), db: &dir.db(), extra: &[] });
    let body = envelope("evt-flood", "f@example.com", "F", "f100d1").to_string().into_bytes();
    let started = Instant::now();
    for _ in 0..200 {
        assert_eq!(
            mailer.post_with(Some("wrong-wrong-wrong-wrong-wrong-wrong"), "application/json", body.clone()).0,
            401
        );
    }
    let seconds = started.elapsed().as_secs() + 1;
    let log = mailer.log();
    let lines = log.lines().filter(|line| line.contains("X-MOLTIN-SECRET-KEY (401)")).count() as u64;
    assert!(lines <= seconds + 1, "{lines} lines in about {seconds} s:\n{log}");
    assert_eq!(
        mailer.metric("ep_reset_mailer_events_refused_total{reason=\"unauthorized\"}"),
        200.0,
        "all counted"
    );
    if lines > 1 {
        assert!(log.contains("more refused request(s) since the last such line)"), "{log}");
    }
}

#[test]
fn hostile_names_arrive_cleaned_and_capped_in_both_parts() {
    let smtp = MailDev::start();
    let dir = Backend::sqlite();
    let mailer = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &dir.db(), extra: &[] });
    let name =
        format!("Ada\u{202E}moc.live\u{202C}\u{200B}\u{2066} Love\u{200D}lace {}", "x".repeat(10 * 1024));
    let mut event = envelope("evt-hostile-1", "hostile@example.com", &name, "h0st1l");
    event["payload"]["user_authentication_password_profile_info"]["username"] = json!("hostile@example.com");
    assert_eq!(mailer.post(&event).0, 202);
    let message = smtp.wait_for(1).remove(0);
    let shown = format!("Adamoc.live Lovelace {}…", "x".repeat(64 - "Adamoc.live Lovelace ".len()));
    let text = message["text"].as_str().unwrap_or_default();
    let html = message["html"].as_str().unwrap_or_default();
    assert!(text.starts_with(&format!("Hello {shown},")), "{text}");
    assert!(html.contains(&format!("Hello {shown},")), "{html}");
    for part in [text, html, message["to"][0]["name"].as_str().unwrap_or_default()] {
        for hidden in ['\u{202E}', '\u{202C}', '\u{200B}', '\u{200D}', '\u{2066}'] {
            assert!(!part.contains(hidden), "{hidden:?} in {part}");
        }
        assert!(!part.contains(&"x".repeat(65)), "capped");
    }
}

#[test]
fn the_secret_can_come_from_a_file_and_the_queue_file_is_private() {
    let smtp = MailDev::start();
    let dir = tempfile::tempdir().expect("a directory");
    let secret_file = dir.path().join("webhook-secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).expect("written");
    let db = dir.path().join("q.sqlite3");
    let mailer = Mailer::start_with_env(
        &MailerSetup {
            smtp_port: smtp.smtp_port,
            db: &db.to_string_lossy(),
            extra: &["--greeting-name", "off"],
        },
        &[("EP_RESET_WEBHOOK_SECRET", ""), ("EP_RESET_WEBHOOK_SECRET_FILE", &secret_file.to_string_lossy())],
    );
    assert_eq!(mailer.post(&envelope("evt-file-1", "file@example.com", "Named", "f1l3s3")).0, 202);
    let message = smtp.wait_for(1).remove(0);
    assert!(message["text"].as_str().unwrap_or_default().starts_with("Hello,"), "--greeting-name off");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db).expect("the queue file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
