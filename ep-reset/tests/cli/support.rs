//! Starts the sandbox binary and a webhook receiver, runs `ep-reset`, reads the sandbox's request log.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

use crate::shared::{banner, sandbox_binary};

/// The seed's client id.
pub const CLIENT_ID: &str = "ep-reset-test-client";
/// The seed's client secret; no output may contain it.
pub const CLIENT_SECRET: &str = "client-secret-7f3a9c-never-printed";
/// The webhook secret given through `EP_RESET_WEBHOOK_SECRET`; no output may contain it.
pub const WEBHOOK_SECRET: &str = "webhook-secret-41d2e8-never-printed";
/// A second webhook secret, for a rotation; no output may contain it.
pub const OTHER_WEBHOOK_SECRET: &str = "webhook-secret-9c0b17-never-printed";
/// A wrong client secret; no output may contain it either.
pub const WRONG_SECRET: &str = "wrong-secret-5b7e-never-printed";
/// The seed's realm.
pub const REALM: &str = "22222222-2222-4222-8222-222222222222";
/// The seed's only password profile.
pub const PROFILE: &str = "33333333-3333-4333-8333-333333333333";

/// A store as a new one is: self-management `disabled`, one-time passwords off, no integration.
pub fn fresh_seed() -> Value {
    json!({
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "account_member_self_management": "disabled",
        "password_profiles": [{"id": PROFILE, "name": "Shoppers", "username_format": "email",
                               "enable_one_time_password_token": false, "min_length": 10}],
    })
}

/// A running sandbox, killed on drop.
pub struct Sandbox {
    child: Child,
    /// `http://127.0.0.1:<port>`: the API and the control API.
    pub base: String,
    http: reqwest::blocking::Client,
}

impl Sandbox {
    /// Starts the binary on a free port with `seed` (written to a file) and `extra` options.
    pub fn start(seed: &Value, extra: &[&str]) -> Self {
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let seed_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("ep-reset-seed-{}-{n}.json", std::process::id()));
        std::fs::write(&seed_path, seed.to_string()).expect("seed file written");
        let mut child = Command::new(sandbox_binary())
            .args(["--listen", "127.0.0.1:0", "--quiet", "--rate-limit", "1000"])
            .arg("--seed")
            .arg(&seed_path)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("ep-sandbox starts");
        // A guard against a sandbox that never starts, not a timing assertion.
        let banner = banner(child.stdout.take().expect("stdout"), Duration::from_secs(60));
        let base = banner.trim().strip_prefix("ep-sandbox ready: app ").map(str::to_string);
        let Some(base) = base else {
            let _ = child.kill();
            panic!("the sandbox did not start (first line: {banner:?})");
        };
        Self { child, base, http: reqwest::blocking::Client::new() }
    }

    fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        // The control API answers only requests a web page cannot send: this header, and JSON bodies.
        let mut request = self
            .http
            .request(method, format!("{}/__sandbox/{path}", self.base))
            .header("EP-Sandbox-Control", "1")
            .header("Content-Type", "application/json");
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().expect("control API answers");
        assert!(response.status().is_success(), "control {path}: {}", response.status());
        response.json().unwrap_or(Value::Null)
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.control(reqwest::Method::DELETE, "requests", None);
    }

    /// `METHOD path` of every write (PUT, POST, DELETE) in the request log, the token request excepted.
    pub fn writes(&self) -> Vec<String> {
        let log = self.control(reqwest::Method::GET, "requests", None);
        log.as_array()
            .expect("the request log is a list")
            .iter()
            .filter(|r| matches!(r["method"].as_str(), Some("PUT" | "POST" | "DELETE")))
            .filter(|r| r["route"] != "access_token")
            .map(|r| format!("{} {}", r["method"].as_str().unwrap_or(""), r["path"].as_str().unwrap_or("")))
            .collect()
    }

    /// The paths of the preflights (`OPTIONS`) in the request log, in order.
    pub fn preflight_paths(&self) -> Vec<String> {
        let log = self.control(reqwest::Method::GET, "requests", None);
        log.as_array()
            .expect("the request log is a list")
            .iter()
            .filter(|r| r["method"] == "OPTIONS")
            .map(|r| r["path"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Adds a fault.
    pub fn fault(&self, fault: Value) {
        self.control(reqwest::Method::POST, "faults", Some(fault));
    }

    /// A token of `grant_type` for the seed's client.
    pub fn token(&self, grant_type: &str) -> String {
        let mut form = vec![("grant_type", grant_type), ("client_id", CLIENT_ID)];
        if grant_type == "client_credentials" {
            form.push(("client_secret", CLIENT_SECRET));
        }
        let body: Value = self
            .http
            .post(format!("{}/oauth/access_token", self.base))
            .form(&form)
            .send()
            .and_then(|r| r.json())
            .expect("a token");
        body["access_token"].as_str().expect("access_token").to_string()
    }

    /// `GET path` with a client_credentials token.
    pub fn admin_get(&self, path: &str) -> Value {
        let token = self.token("client_credentials");
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(token)
            .send()
            .and_then(|r| r.json())
            .expect("a JSON answer")
    }

    /// Asks for a one-time password for `username` (what the forgot-password page does).
    pub fn request_otp(&self, username: &str) -> u16 {
        let token = self.token("implicit");
        let body = json!({"data": {"type": "one_time_password_token_request", "username": username, "purpose": "reset_password"}});
        let url = format!(
            "{}/v2/authentication-realms/{REALM}/password-profiles/{PROFILE}/one-time-password-token-request",
            self.base
        );
        self.http.post(url).bearer_auth(token).json(&body).send().expect("an answer").status().as_u16()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A webhook receiver on a free loopback port: answers every request 200 and keeps the POSTs.
pub struct Receiver {
    /// `http://127.0.0.1:<port>/hook`.
    pub url: String,
    posts: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

fn serve_one(mut stream: TcpStream) -> Option<String> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
        head.push_str(&line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").ok()?;
    Some(format!("{head}\r\n{}", String::from_utf8_lossy(&body)))
}

impl Receiver {
    /// Starts it; it stops when dropped.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = listener.local_addr().expect("its address");
        let posts = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (kept, stopped) = (Arc::clone(&posts), Arc::clone(&stop));
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                if let Some(request) = serve_one(stream)
                    && request.starts_with("POST ")
                    && let Ok(mut posts) = kept.lock()
                {
                    posts.push(request);
                }
            }
        });
        Self { url: format!("http://{addr}/hook"), posts, stop, addr }
    }

    /// The POSTs received so far (raw head and body).
    pub fn posts(&self) -> Vec<String> {
        self.posts.lock().map(|p| p.clone()).unwrap_or_default()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(self.addr);
    }
}

/// The outcome of one `ep-reset` run.
#[derive(Debug)]
pub struct Run {
    /// Exit status.
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The lines of stdout starting with `mark`.
    pub fn marked(&self, mark: char) -> Vec<&str> {
        self.stdout.lines().filter(|l| l.starts_with(mark)).collect()
    }
}

/// The credential variables for `base` with the right secret.
pub fn credentials(base: &str) -> Vec<(&'static str, String)> {
    vec![
        ("EPCC_API_BASE_URL", base.to_string()),
        ("EPCC_CLIENT_ID", CLIENT_ID.to_string()),
        ("EPCC_CLIENT_SECRET", CLIENT_SECRET.to_string()),
    ]
}

/// Runs `ep-reset args` with exactly `env` for its credential variables, and checks that neither stdout
/// nor stderr contains a secret. The failure message quotes neither the output nor the arguments (a
/// test may pass a secret as an argument to see it refused); the caller's line says which run it was.
#[track_caller]
pub fn run(env: &[(&'static str, String)], args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ep-reset"));
    for name in ["EPCC_API_BASE_URL", "EPCC_CLIENT_ID", "EPCC_CLIENT_SECRET", "EP_RESET_WEBHOOK_SECRET"] {
        command.env_remove(name);
    }
    command.envs(env.iter().map(|(k, v)| (k, v))).args(args).stdin(Stdio::null());
    let output = command.output().expect("ep-reset runs");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    for (name, secret) in [
        ("client secret", CLIENT_SECRET),
        ("webhook secret", WEBHOOK_SECRET),
        ("other webhook secret", OTHER_WEBHOOK_SECRET),
        ("wrong secret", WRONG_SECRET),
    ] {
        assert!(!run.stdout.contains(secret), "stdout of this ep-reset run contains the {name}");
        assert!(!run.stderr.contains(secret), "stderr of this ep-reset run contains the {name}");
    }
    run
}

/// Asserts the run failed with exit status 2 and exactly one stderr line containing `expected`.
pub fn assert_one_error_line(run: &Run, expected: &str) {
    assert_eq!(run.code, Some(2), "{run:#?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr: {run:#?}");
    assert!(lines[0].starts_with("ep-reset: ") && lines[0].contains(expected), "{run:#?}");
}
