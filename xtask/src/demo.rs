//! `cargo xtask demo`: builds the app and serves it, with the EP sandbox behind it on one origin, and the
//! real e-mail chain beside it: the sandbox's webhook integration → `ep-reset mailer` → MailDev, a local
//! SMTP server with a web inbox.

use crate::cmd::{announce, command, run as run_command};
use crate::{Result, build, root, sandbox_bin, setup, size, target_dir};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Child;
use std::time::{Duration, Instant};

/// MailDev's SMTP port and web inbox port (its usual ones).
const INBOX_SMTP_PORT: u16 = 1025;
const INBOX_WEB_PORT: u16 = 1080;
/// The webhook secret shared by the demo's integration and mailer: a demo value, not a real secret.
const DEMO_WEBHOOK_SECRET: &str = "demo-webhook-secret-not-for-production";

/// The `ep-reset` binary that `cargo build -p ep-reset` produces.
fn ep_reset_bin() -> PathBuf {
    target_dir().join("debug").join("ep-reset")
}

/// Background processes, stopped when the demo ends (Ctrl-C reaches them directly).
struct Background(Vec<(&'static str, Child)>);

impl Background {
    fn spawn(&mut self, name: &'static str, mut process: std::process::Command) -> Result<()> {
        announce(&process);
        let child = process.spawn().map_err(|e| format!("cannot start {name}: {e}"))?;
        self.0.push((name, child));
        Ok(())
    }

    /// Waits until `port` accepts connections, or fails if `name` exits first.
    fn wait_for_port(&mut self, name: &'static str, port: u16) -> Result<()> {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some((_, child)) = self.0.iter_mut().find(|(n, _)| *n == name)
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(format!(
                    "{name} stopped ({status}); see its message above (is port {port} in use?)"
                ));
            }
            if started.elapsed() > Duration::from_secs(30) {
                return Err(format!("{name} did not listen on port {port} within 30 s"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        for (_, child) in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Entry point of `cargo xtask demo [--port N]`.
pub fn run(args: &[String]) -> Result<()> {
    let port = match args {
        [] => 8080,
        [flag, port] if flag == "--port" => port.parse::<u16>().map_err(|_| format!("not a port: {port}"))?,
        _ => return Err("usage: cargo xtask demo [--port N]".to_owned()),
    };
    let (mailer_port, mailer_ops_port) = port
        .checked_add(10)
        .zip(port.checked_add(11))
        .ok_or_else(|| format!("--port {port} leaves no room for the mailer (N + 10, N + 11)"))?;
    setup::run_all()?;
    let dist = build::default_dist();
    build::release(&dist, None)?;
    size::report(&dist)?;
    run_command(command("cargo", &["build", "--quiet", "-p", "ep-sandbox", "-p", "ep-reset"]))?;

    for (what, wanted) in [
        ("the app", port),
        ("the mailer", mailer_port),
        ("the mailer's operations listener", mailer_ops_port),
        ("MailDev's SMTP", INBOX_SMTP_PORT),
        ("the inbox", INBOX_WEB_PORT),
    ] {
        if TcpListener::bind(("127.0.0.1", wanted)).is_err() {
            return Err(format!("port {wanted} (for {what}) is in use: stop what uses it, or pick --port N"));
        }
    }
    let origin = format!("http://127.0.0.1:{port}");
    let mailer_listen = format!("127.0.0.1:{mailer_port}");
    let mailer_ops = format!("127.0.0.1:{mailer_ops_port}");
    let hook = format!("http://{mailer_listen}/one-time-password-token-notification");
    let mut background = Background(Vec::new());

    let maildev = root().join("node_modules").join("maildev").join("bin").join("maildev");
    let maildev = maildev.to_string_lossy().into_owned();
    let (smtp_port, web_port) = (INBOX_SMTP_PORT.to_string(), INBOX_WEB_PORT.to_string());
    background.spawn(
        "MailDev",
        command(
            "node",
            &[
                &maildev,
                "--ip",
                "127.0.0.1",
                "--web-ip",
                "127.0.0.1",
                "--smtp",
                &smtp_port,
                "--web",
                &web_port,
                "--silent",
            ],
        ),
    )?;
    // The mailer checks its SMTP server once at start: let MailDev come up first.
    background.wait_for_port("MailDev", INBOX_SMTP_PORT)?;
    background.wait_for_port("MailDev", INBOX_WEB_PORT)?;
    let db = target_dir().join("demo-mailer.sqlite3").to_string_lossy().into_owned();
    let smtp_url = format!("smtp://127.0.0.1:{INBOX_SMTP_PORT}");
    let mut mailer = command(
        &ep_reset_bin().to_string_lossy(),
        &[
            "mailer",
            "--listen",
            &mailer_listen,
            "--ops-listen",
            &mailer_ops,
            "--app-url",
            &origin,
            "--smtp-url",
            &smtp_url,
            "--from",
            "Demo Store <no-reply@demo-store.example>",
            "--db",
            &db,
        ],
    );
    mailer.env("EP_RESET_WEBHOOK_SECRET", DEMO_WEBHOOK_SECRET);
    background.spawn("the mailer", mailer)?;
    background.wait_for_port("the mailer", mailer_port)?;

    println!("\nDemo: open these in a browser (Ctrl-C stops everything)");
    println!("  forgot password : {origin}/forgot_password");
    println!(
        "  inbox           : http://127.0.0.1:{INBOX_WEB_PORT}  (MailDev: the real reset e-mails arrive here)"
    );
    println!("  e-mail outbox   : {origin}/__sandbox/outbox.html  (the sandbox's own copy of each link)");
    println!("  change password : {origin}/change_password  (opened from a link in the e-mail)");
    println!("  mailer health   : http://{mailer_ops}/readyz  (and /metrics)\n");
    let sandbox = sandbox_bin();
    let listen = format!("127.0.0.1:{port}");
    let dist_arg = dist.to_string_lossy().into_owned();
    run_command(command(
        &sandbox.to_string_lossy(),
        &[
            "--listen",
            &listen,
            "--app-dir",
            &dist_arg,
            "--app-api-base",
            &origin,
            // The element's breach check, against the sandbox's own range API (its corpus holds the
            // common passwords and the demo's breached ones, e.g. "correct horse battery staple").
            "--app-breach-check",
            &format!("{origin}/range/"),
            "--webhook-url",
            &hook,
            "--webhook-secret",
            DEMO_WEBHOOK_SECRET,
        ],
    ))
}
