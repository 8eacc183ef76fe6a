//! Real processes for the mailer's tests: the `ep-reset` binary, MailDev (the npm SMTP server with a
//! REST API, run with `node` from the workspace's `node_modules`), a throwaway PostgreSQL cluster
//! (Debian's server, run as the `postgres` user) and, for the full chain, the sandbox.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub use crate::postgres::Postgres;

/// The webhook secret every test mailer expects; no output may contain it.
pub const SECRET: &str = "mailer-test-secret-93b1d7-4c0e8a2f5b6d";
/// The app's base URL in the test links.
pub const APP_URL: &str = "http://127.0.0.1:8080/shop";
/// The sender.
pub const FROM: &str = "Test Shop <no-reply@shop.example>";

/// How long a test waits for something that should happen: a guard against hanging, not a timing
/// assertion (on a loaded 2-core machine, retries and start-ups take seconds).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

/// A loopback port nothing listens on (bound, then released).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("an address").port()
}

/// Polls `probe` until it gives `Some`, or fails the test with `what` after [`PATIENCE`].
pub fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(started.elapsed() < PATIENCE, "gave up waiting: {what}");
        thread::sleep(Duration::from_millis(50));
    }
}

/// Lines a child writes to a pipe, collected by a thread.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<String>>);

impl Captured {
    fn collect(pipe: impl std::io::Read + Send + 'static) -> Self {
        let captured = Self::default();
        let sink = captured.clone();
        thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut text = sink.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                text.push_str(&line);
                text.push('\n');
            }
        });
        captured
    }

    /// Everything so far.
    pub fn text(&self) -> String {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

fn node() -> &'static str {
    let works = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(
        works,
        "`node` is not on PATH: the mailer's tests run a real SMTP server (MailDev) with Node.js 20+; install Node.js, then run `cargo xtask setup`"
    );
    "node"
}

fn maildev_script() -> PathBuf {
    let script = workspace().join("node_modules").join("maildev").join("bin").join("maildev");
    assert!(
        script.is_file(),
        "MailDev is missing ({} not found): run `cargo xtask setup` (or `npm ci` in the workspace root)",
        script.display()
    );
    script
}

/// MailDev: an SMTP server on `smtp_port` and its REST API (`/email`) on `web_port`. Killed on drop.
pub struct MailDev {
    child: Child,
    /// The SMTP port.
    pub smtp_port: u16,
    web_port: u16,
    http: reqwest::blocking::Client,
    _mail_dir: tempfile::TempDir,
}

impl MailDev {
    /// On a free SMTP port.
    pub fn start() -> Self {
        Self::on_some_port(&[])
    }

    /// On `smtp_port`.
    pub fn start_on(smtp_port: u16) -> Self {
        Self::start_with(smtp_port, &[]).expect("MailDev started on the given port")
    }

    /// On a free SMTP port, accepting mail only from `user` with `password` (SMTP AUTH).
    pub fn start_with_login(user: &str, password: &str) -> Self {
        Self::on_some_port(&["--incoming-user", user, "--incoming-pass", password])
    }

    /// A port found free may be taken by another process before MailDev binds it: then it exits, and
    /// another pair of ports is tried.
    fn on_some_port(extra: &[&str]) -> Self {
        (0..3)
            .find_map(|_| Self::start_with(free_port(), extra))
            .expect("MailDev started on one of three pairs of free ports")
    }

    /// `None` when MailDev exited before answering (a port of its was taken).
    fn start_with(smtp_port: u16, extra: &[&str]) -> Option<Self> {
        let mail_dir = tempfile::tempdir().expect("a mail directory");
        let web_port = free_port();
        let child = Command::new(node())
            .arg(maildev_script())
            .args(["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"])
            .args(["--smtp", &smtp_port.to_string(), "--web", &web_port.to_string()])
            .arg("--mail-directory")
            .arg(mail_dir.path())
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node starts MailDev");
        let mut maildev =
            Self { child, smtp_port, web_port, http: reqwest::blocking::Client::new(), _mail_dir: mail_dir };
        let up = eventually("MailDev answers on its SMTP and web ports, or exits", || {
            if maildev.child.try_wait().ok().flatten().is_some() {
                return Some(false);
            }
            let web = maildev.http.get(maildev.url("/healthz")).send().is_ok_and(|r| r.status().is_success());
            let smtp = TcpStream::connect(("127.0.0.1", smtp_port)).is_ok();
            (web && smtp).then_some(true)
        });
        up.then_some(maildev)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.web_port)
    }

    /// Every message received, oldest first, as MailDev parsed it (`to`, `subject`, `text`, `html`, …).
    pub fn messages(&self) -> Vec<Value> {
        let answer: Value =
            self.http.get(self.url("/email")).send().and_then(|r| r.json()).expect("MailDev lists the mail");
        answer.as_array().cloned().unwrap_or_default()
    }

    /// Waits until at least `count` messages arrived, and returns them all.
    pub fn wait_for(&self, count: usize) -> Vec<Value> {
        eventually(&format!("{count} message(s) in MailDev"), || {
            let messages = self.messages();
            (messages.len() >= count).then_some(messages)
        })
    }
}

impl Drop for MailDev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where a test's queue is: an SQLite file in a temporary directory, or a PostgreSQL database.
pub enum Backend {
    /// `--db <dir>/q.sqlite3`.
    Sqlite(tempfile::TempDir),
    /// `--db postgres://…`.
    Postgres(Postgres),
}

impl Backend {
    /// A new SQLite file.
    pub fn sqlite() -> Self {
        Self::Sqlite(tempfile::tempdir().expect("a directory"))
    }

    /// A new PostgreSQL cluster.
    pub fn postgres() -> Self {
        Self::Postgres(Postgres::start())
    }

    /// The `--db` value.
    pub fn db(&self) -> String {
        match self {
            Self::Sqlite(dir) => dir.path().join("q.sqlite3").to_string_lossy().into_owned(),
            Self::Postgres(cluster) => cluster.url("mailer"),
        }
    }
}

/// Runs each named scenario (a `fn(&Backend)`) as two tests, `<name>::sqlite` and `<name>::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(&$crate::support::Backend::sqlite());
            }
            #[test]
            fn postgres() {
                super::$name(&$crate::support::Backend::postgres());
            }
        }
    )*};
}

/// What a test mailer is started with.
pub struct MailerSetup<'a> {
    /// Where the SMTP server is (or will be).
    pub smtp_port: u16,
    /// The `--db` value (an SQLite path or a PostgreSQL URL).
    pub db: &'a str,
    /// More options (`--listen` here replaces the default, a free port).
    pub extra: &'a [&'a str],
}

/// A running `ep-reset mailer`, killed (SIGKILL) on drop.
pub struct Mailer {
    child: Child,
    /// The public listener, `http://127.0.0.1:<port>`.
    pub base: String,
    /// The operations listener, `http://127.0.0.1:<port>`.
    pub ops: String,
    stderr: Captured,
    http: reqwest::blocking::Client,
}

/// The `ep-reset` binary cargo built for these tests.
pub fn ep_reset() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ep-reset"))
}

impl Mailer {
    /// Starts the binary on a free port and waits for its ready line.
    pub fn start(setup: &MailerSetup<'_>) -> Self {
        Self::start_with_env(setup, &[])
    }

    /// The same, with more environment variables (SMTP credentials).
    pub fn start_with_env(setup: &MailerSetup<'_>, env: &[(&str, &str)]) -> Self {
        let listen =
            if setup.extra.contains(&"--listen") { &[][..] } else { &["--listen", "127.0.0.1:0"][..] };
        let ops = format!("127.0.0.1:{}", free_port());
        let mut child = ep_reset()
            .args(["mailer", "--app-url", APP_URL, "--from", FROM])
            .args(listen)
            .args(["--ops-listen", &ops])
            .args(["--smtp-url", &format!("smtp://127.0.0.1:{}", setup.smtp_port)])
            .arg("--db")
            .arg(setup.db)
            .args(["--retry-base-ms", "100", "--retry-max-ms", "400", "--smtp-timeout-ms", "2000"])
            .args(setup.extra)
            .env("EP_RESET_WEBHOOK_SECRET", SECRET)
            .env_remove("EP_RESET_SMTP_USERNAME")
            .env_remove("EP_RESET_SMTP_PASSWORD")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ep-reset mailer starts");
        let stderr = Captured::collect(child.stderr.take().expect("stderr"));
        let banner = crate::shared::banner(child.stdout.take().expect("stdout"), PATIENCE);
        let base = banner
            .trim()
            .strip_prefix("ep-reset mailer ready: ")
            .and_then(|url| url.strip_suffix("/one-time-password-token-notification"))
            .map(str::to_string);
        let Some(base) = base else {
            let _ = child.kill();
            let _ = child.wait();
            thread::sleep(Duration::from_millis(200));
            panic!("the mailer did not start (first line {banner:?}); stderr:\n{}", stderr.text());
        };
        Self { child, base, ops: format!("http://{ops}"), stderr, http: reqwest::blocking::Client::new() }
    }

    /// POSTs `body` with the right secret; the status and the JSON answer.
    pub fn post(&self, body: &Value) -> (u16, Value) {
        self.post_with(Some(SECRET), "application/json", body.to_string().into_bytes())
    }

    /// POSTs `body` with the right secret to the webhook URL with `query` (`?locale=de`).
    pub fn post_to(&self, query: &str, body: &Value) -> (u16, Value) {
        self.post_at(query, Some(SECRET), "application/json", body.to_string().into_bytes())
    }

    /// POSTs raw bytes with the given secret header (none when `None`) and content type.
    pub fn post_with(&self, secret: Option<&str>, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        self.post_at("", secret, content_type, body)
    }

    fn post_at(&self, query: &str, secret: Option<&str>, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}/one-time-password-token-notification{query}", self.base))
            .header("Content-Type", content_type)
            .body(body);
        if let Some(secret) = secret {
            request = request.header("X-MOLTIN-SECRET-KEY", secret);
        }
        let response = request.send().expect("the mailer answers");
        let status = response.status().as_u16();
        (status, response.json().unwrap_or(Value::Null))
    }

    /// `GET /readyz` on the operations listener (the queue's depth and the SMTP server's state).
    pub fn health(&self) -> Value {
        self.http
            .get(format!("{}/readyz", self.ops))
            .send()
            .and_then(|r| r.json())
            .expect("a readiness report")
    }

    /// `GET /metrics`: the Prometheus text.
    pub fn metrics(&self) -> String {
        self.http.get(format!("{}/metrics", self.ops)).send().and_then(|r| r.text()).expect("the metrics")
    }

    /// The value of the sample `series` (name and labels, as written) in `/metrics`, 0 when absent.
    pub fn metric(&self, series: &str) -> f64 {
        metric_in(&self.metrics(), series)
    }

    /// Waits until `series` reaches `value`.
    pub fn wait_metric(&self, series: &str, value: f64) {
        eventually(&format!("{series} = {value}"), || (self.metric(series) >= value).then_some(()));
    }

    /// Waits until this process has sent `count` mails.
    pub fn wait_sent(&self, count: u64) {
        self.wait_metric("ep_reset_mailer_mails_sent_total", count as f64);
    }

    /// Waits until `/readyz` says `key` of the queue is `count`.
    pub fn wait_queue(&self, key: &str, count: u64) -> Value {
        eventually(&format!("readyz queue.{key} = {count}"), || {
            let health = self.health();
            (health["queue"][key] == count).then_some(health)
        })
    }

    /// Everything it wrote to stderr so far.
    pub fn log(&self) -> String {
        self.stderr.text()
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, then waits for the exit (a clean stop closes the database).
    pub fn terminate(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
    }
}

impl Drop for Mailer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The value of `series` in the Prometheus text `text`, 0 when absent.
pub fn metric_in(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or(0.0)
}

/// The current time as RFC 3339, `offset_secs` from now (negative: in the past).
pub fn rfc3339(offset_secs: i64) -> String {
    let now = std::time::SystemTime::now();
    let offset = Duration::from_secs(offset_secs.unsigned_abs());
    let at = if offset_secs < 0 { now - offset } else { now + offset };
    humantime::format_rfc3339_seconds(at).to_string()
}

/// A reset event as Elastic Path sends it (the guide's example, with these values and `created_at` now).
pub fn envelope(id: &str, email: &str, name: &str, code: &str) -> Value {
    let mut body: Value =
        serde_json::from_str(include_str!("../fixtures/seed-envelope.json")).expect("the fixture is JSON");
    body["id"] = json!(id);
    body["attempt"] = json!(1);
    let payload = &mut body["payload"];
    payload["created_at"] = json!(rfc3339(0));
    payload["updated_at"] = json!(rfc3339(0));
    payload["one_time_password_token"] = json!(code);
    payload["user_authentication_info"]["email"] = json!(email);
    payload["user_authentication_info"]["name"] = json!(name);
    payload["user_authentication_password_profile_info"]["username"] = json!(email);
    body
}

/// The fixture's raw bytes (Elastic Path's example, byte for byte).
pub fn seed_example() -> Vec<u8> {
    include_bytes!("../fixtures/seed-envelope.json").to_vec()
}

/// Fails if `output` contains any of `secrets` (codes, full addresses, the webhook secret).
pub fn assert_clean(output: &str, secrets: &[&str]) {
    for secret in secrets.iter().chain(&[SECRET]) {
        assert!(!output.contains(secret), "the output contains {secret:?}:\n{output}");
    }
}

/// The recipients' addresses of `messages`.
pub fn recipients(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .flat_map(|m| m["to"].as_array().cloned().unwrap_or_default())
        .map(|to| to["address"].as_str().unwrap_or_default().to_string())
        .collect()
}
