//! The whole chain without a browser: the sandbox's webhook integration (`--webhook-url`) delivers the
//! event to the mailer, which e-mails the same link the sandbox's outbox shows, through MailDev.

use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

use crate::shared::{banner, sandbox_binary};
use crate::support::*;

const REALM: &str = "22222222-2222-4222-8222-222222222222";
const PROFILE: &str = "33333333-3333-4333-8333-333333333333";

/// The sandbox with a webhook integration pointing at `hook`; killed on drop.
struct Sandbox {
    child: Child,
    base: String,
    http: reqwest::blocking::Client,
}

impl Sandbox {
    fn start(hook: &str, extra: &[&str]) -> Self {
        let mut child = Command::new(sandbox_binary())
            .args(["--listen", "127.0.0.1:0", "--quiet", "--webhook-url", hook, "--webhook-secret", SECRET])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("ep-sandbox starts");
        let banner = banner(child.stdout.take().expect("stdout"), PATIENCE);
        let Some(base) = banner.trim().strip_prefix("ep-sandbox ready: app ").map(str::to_string) else {
            let _ = child.kill();
            panic!("the sandbox did not start (first line: {banner:?})");
        };
        Self { child, base, http: reqwest::blocking::Client::new() }
    }

    /// What the forgot-password page does: an implicit token, then the one-time-password request.
    fn request_reset(&self, username: &str) {
        let token: Value = self
            .http
            .post(format!("{}/oauth/access_token", self.base))
            .form(&[("grant_type", "implicit"), ("client_id", "demo-client-id")])
            .send()
            .and_then(|r| r.json())
            .expect("a token");
        let url = format!(
            "{}/v2/authentication-realms/{REALM}/password-profiles/{PROFILE}/one-time-password-token-request",
            self.base
        );
        let body = json!({"data": {"type": "one_time_password_token_request", "username": username, "purpose": "reset_password"}});
        let status = self
            .http
            .post(url)
            .bearer_auth(token["access_token"].as_str().expect("access_token"))
            .json(&body)
            .send()
            .expect("an answer")
            .status();
        assert_eq!(status.as_u16(), 202);
    }

    /// The sandbox's own outbox (the same event as the webhook got).
    fn outbox(&self) -> Vec<Value> {
        let answer: Value = self
            .http
            .get(format!("{}/__sandbox/outbox", self.base))
            .header("EP-Sandbox-Control", "1")
            .send()
            .and_then(|r| r.json())
            .expect("outbox");
        answer.as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The parameters of `link`: its fragment, else its query.
fn parameters(link: &str) -> String {
    link.split_once(['#', '?']).map(|(_, parameters)| parameters.to_string()).unwrap_or_default()
}

/// The link in a MailDev message's text part.
fn link_in(message: &Value) -> String {
    let text = message["text"].as_str().unwrap_or_default();
    text.split_whitespace().find(|word| word.contains("/change_password#")).unwrap_or_default().to_string()
}

#[test]
fn the_sandbox_integration_reaches_the_inbox_with_the_sandboxs_own_link() {
    let smtp = MailDev::start();
    let dir = Backend::sqlite();
    let mailer = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &dir.db(), extra: &[] });
    let sandbox = Sandbox::start(&format!("{}/one-time-password-token-notification", mailer.base), &[]);

    sandbox.request_reset("ada@example.com");
    let messages = smtp.wait_for(1);
    mailer.wait_sent(1);
    let outbox = sandbox.outbox();
    assert_eq!(outbox.len(), 1);
    let mailed = link_in(&messages[0]);
    assert!(mailed.starts_with("http://127.0.0.1:8080/shop/change_password#"), "{mailed}");
    assert_eq!(
        parameters(&mailed),
        format!("{}&locale=en", parameters(outbox[0]["link"].as_str().unwrap_or_default())),
        "the same parameters as the sandbox's link, in the fragment"
    );
    assert_eq!(recipients(&messages), ["ada@example.com"]);
    assert_eq!(messages[0]["to"][0]["name"], "Ada Lovelace");
    let code = outbox[0]["otp"].as_str().expect("the code");
    assert!(messages[0]["text"].as_str().unwrap_or_default().contains(&format!("    {code}\n")));
    assert_clean(&mailer.log(), &[code, "ada@example.com"]);
}

#[test]
fn elastic_paths_retries_reach_a_mailer_that_starts_late() {
    let smtp = MailDev::start();
    let dir = Backend::sqlite();
    let port = free_port();
    let hook = format!("http://127.0.0.1:{port}/one-time-password-token-notification");
    let sandbox = Sandbox::start(&hook, &["--webhook-retry-base-ms", "300", "--webhook-max-attempts", "10"]);
    sandbox.request_reset("grace@example.com");
    // The first attempt finds nobody listening; the mailer starts afterwards on the integration's port.
    let listen = format!("127.0.0.1:{port}");
    let mailer = Mailer::start(&MailerSetup {
        smtp_port: smtp.smtp_port,
        db: &dir.db(),
        extra: &["--listen", &listen],
    });
    let messages = smtp.wait_for(1);
    mailer.wait_sent(1);
    assert_eq!(recipients(&messages), ["grace@example.com"]);
    let log = mailer.log();
    assert!(
        log.contains("(delivery attempt ") && !log.contains("(delivery attempt 1)"),
        "a retry got through: {log}"
    );
}
