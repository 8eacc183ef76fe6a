//! The mailer's throughput on this machine, for each queue backend (a measurement, not a test:
//! `cargo bench -p ep-reset --bench mailer`).
//!
//! 1. Accepting: N events POSTed by 16 concurrent clients to a mailer whose SMTP server is down, so
//!    every answer is a row committed (SQLite `synchronous = FULL`; PostgreSQL's default durable commit)
//!    before the 202.
//! 2. Sending: a queue pre-filled with N mails drained by a fresh mailer into MailDev (the npm SMTP
//!    server, run with `node`), counted when the SMTP server has accepted each one.
//!
//! The PostgreSQL runs use a throwaway cluster (Debian's server, as the tests do). Prints
//! `measurement:` lines. `EP_RESET_BENCH_EVENTS` sets N (default 1000).

#[path = "../tests/shared/postgres.rs"]
mod postgres;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ep_reset::mailer::config::GreetingName;
use ep_reset::mailer::envelope::Notification;
use ep_reset::mailer::queue::{Store, Target};
use ep_reset::mailer::{Config, LinkStyle, MailerArgs, start};
use serde_json::{Value, json};

const SECRET: &str = "bench-secret-0123456789abcdef0123456789";
const CONCURRENCY: usize = 16;

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn args(smtp_port: u16, db: &str, retry_base_ms: u64) -> MailerArgs {
    MailerArgs {
        listen: "127.0.0.1:0".into(),
        ops_listen: "127.0.0.1:0".into(),
        app_url: "http://127.0.0.1:8080".into(),
        link_style: LinkStyle::Fragment,
        greeting_name: GreetingName::On,
        smtp_url: format!("smtp://127.0.0.1:{smtp_port}"),
        from: "Bench <no-reply@shop.example>".into(),
        db: db.to_string(),
        templates: None,
        locale: "en".into(),
        retry_base_ms,
        retry_max_ms: retry_base_ms,
        smtp_timeout_ms: 10_000,
        max_mails_per_recipient: 3,
        recipient_window_secs: 900,
        // The limits that matter here are the machine's, not the store's.
        max_mails_per_second: 1_000_000,
        max_queued: 1_000_000,
        max_dedupe_records: 1_000_000,
        header_timeout_ms: 10_000,
        request_timeout_ms: 30_000,
        max_connections: 256,
    }
}

fn config(args: &MailerArgs) -> Config {
    Config::new(args, &|name: &str| (name == "EP_RESET_WEBHOOK_SECRET").then(|| SECRET.to_string()))
        .expect("a valid configuration")
}

fn envelope(n: usize) -> Value {
    json!({
        "id": format!("bench-{n}"), "triggered_by": "one-time-password-token-request.created", "attempt": 1,
        "payload": {
            "authentication_realm_id": "22222222-2222-4222-8222-222222222222",
            "created_at": humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            "one_time_password_token": format!("c{n:05}"),
            "password_profile_id": "33333333-3333-4333-8333-333333333333",
            "purpose": "reset_password",
            "user_authentication_info": {"email": format!("user{n}@example.com"), "id": "u", "name": "Bench User"},
            "user_authentication_password_profile_info": {"id": "c", "password_profile_id": "p", "username": format!("user{n}@example.com")}
        }
    })
}

/// MailDev on a free SMTP port, killed on drop.
struct MailDev {
    child: Child,
    smtp_port: u16,
    _dir: tempfile::TempDir,
}

impl MailDev {
    fn start() -> Self {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../node_modules/maildev/bin/maildev");
        assert!(
            script.is_file(),
            "MailDev is missing at {}: run `cargo xtask setup` (or `npm ci`)",
            script.display()
        );
        let dir = tempfile::tempdir().expect("a directory");
        let (smtp_port, web_port) = (free_port(), free_port());
        let child = Command::new("node")
            .arg(&script)
            .args(["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"])
            .args(["--smtp", &smtp_port.to_string(), "--web", &web_port.to_string()])
            .arg("--mail-directory")
            .arg(dir.path())
            .stdout(Stdio::null())
            .spawn()
            .expect("`node` runs MailDev (Node.js 20+ must be installed)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", smtp_port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(60), "MailDev did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, smtp_port, _dir: dir }
    }
}

impl Drop for MailDev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn accepting(events: usize, db: &str) -> f64 {
    // SMTP down and a long retry wait: the worker tries each mail once, so the run measures the webhook.
    let running = start(config(&args(free_port(), db, 3_600_000))).await.expect("the mailer starts");
    let url = format!("http://{}/one-time-password-token-notification", running.addr);
    let client = reqwest::Client::new();
    let bodies: Vec<String> = (0..events).map(|n| envelope(n).to_string()).collect();
    let bodies = Arc::new(bodies);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for lane in 0..CONCURRENCY {
        let (client, url, bodies) = (client.clone(), url.clone(), Arc::clone(&bodies));
        tasks.push(tokio::spawn(async move {
            for body in bodies.iter().skip(lane).step_by(CONCURRENCY) {
                let response = client
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .header("X-MOLTIN-SECRET-KEY", SECRET)
                    .body(body.clone())
                    .send()
                    .await
                    .expect("an answer");
                assert_eq!(response.status().as_u16(), 202);
            }
        }));
    }
    for task in tasks {
        task.await.expect("a client finished");
    }
    let seconds = started.elapsed().as_secs_f64();
    running.shutdown().await.expect("stops");
    seconds
}

async fn sending(events: usize, maildev: &MailDev, db: &str) -> f64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970");
    let now_ms = i64::try_from(now.as_millis()).expect("a small number");
    {
        let queue = Store::open(&Target::parse(db)).await.expect("the queue opens");
        for n in 0..events {
            let notification = Notification {
                envelope_id: format!("bench-send-{n}"),
                attempt: Some(1),
                created_at: None,
                email: format!("user{n}@example.com"),
                name: Some("Bench User".into()),
                username: format!("user{n}@example.com"),
                code: format!("c{n:05}"),
                password_profile_id: Some("p".into()),
                authentication_realm_id: Some("r".into()),
                credential_id: Some("c".into()),
                locale: None,
            };
            queue.enqueue(notification, now_ms, now_ms, false, u64::MAX).await.expect("queued");
        }
    }
    let started = Instant::now();
    let running = start(config(&args(maildev.smtp_port, db, 1_000))).await.expect("the mailer starts");
    let ready = format!("http://{}/readyz", running.ops_addr);
    let client = reqwest::Client::new();
    loop {
        let report: Value = client.get(&ready).send().await.expect("readyz").json().await.expect("JSON");
        if report["queue"]["queued"].as_u64() == Some(0) {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(600), "not drained: {report}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    running.shutdown().await.expect("stops");
    seconds
}

fn main() {
    let events: usize =
        std::env::var("EP_RESET_BENCH_EVENTS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    let maildev = MailDev::start();
    let dir = tempfile::tempdir().expect("a directory");
    let cluster = postgres::Postgres::start();
    let sqlite = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let backends = [
        ("SQLite", sqlite("accept.sqlite3"), sqlite("send.sqlite3")),
        ("PostgreSQL", cluster.url("accept"), cluster.url("send")),
    ];
    runtime.block_on(async {
        for (backend, accept_db, send_db) in &backends {
            let accept = accepting(events, accept_db).await;
            println!(
                "measurement: mailer on {backend} accepted {events} events in {accept:.2} s: {:.0} events/s ({CONCURRENCY} concurrent clients, each committed before its 202)",
                events as f64 / accept
            );
            let send = sending(events, &maildev, send_db).await;
            println!(
                "measurement: mailer on {backend} sent {events} mails to MailDev (local SMTP) in {send:.2} s: {:.0} mails/s ({} SMTP connections)",
                events as f64 / send,
                ep_reset::mailer::smtp::POOL_SIZE
            );
        }
    });
}
