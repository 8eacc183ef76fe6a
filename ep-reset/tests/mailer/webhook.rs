//! What the webhook refuses, and that a refusal stores nothing: against the real binary over HTTP.

use serde_json::{Value, json};

use crate::support::*;

fn mailer(dir: &Backend) -> Mailer {
    Mailer::start(&MailerSetup { smtp_port: free_port(), db: &dir.db(), extra: &[] })
}

fn nothing_stored(mailer: &Mailer) {
    let queue = &mailer.health()["queue"];
    for key in ["queued", "records"] {
        assert_eq!(queue[key], 0, "queue.{key}: {queue}");
    }
}

#[test]
fn a_missing_or_wrong_secret_is_401_and_nothing_is_stored() {
    let dir = Backend::sqlite();
    let mailer = mailer(&dir);
    let body = envelope("evt-auth-1", "auth@example.com", "Auth", "s3cr3tc0de").to_string().into_bytes();
    for secret in [None, Some("not-the-secret-77"), Some(""), Some(&SECRET[..SECRET.len() - 1])] {
        let (status, answer) = mailer.post_with(secret, "application/json", body.clone());
        assert_eq!(status, 401, "{secret:?}");
        assert_eq!(answer, json!({"error": "missing or wrong X-MOLTIN-SECRET-KEY"}));
    }
    nothing_stored(&mailer);
    // The right secret still works afterwards: the id was not burnt by the refused attempts.
    assert_eq!(mailer.post_with(Some(SECRET), "application/json", body).0, 202);
    assert_clean(&mailer.log(), &["s3cr3tc0de", "auth@example.com", "not-the-secret-77"]);
}

#[test]
fn bad_bodies_get_clear_statuses_and_nothing_is_stored() {
    let dir = Backend::sqlite();
    let mailer = mailer(&dir);
    let good = envelope("evt-bad-1", "bad@example.com", "Bad", "c0de4u");

    let (status, _) = mailer.post_with(Some(SECRET), "text/plain", good.to_string().into_bytes());
    assert_eq!(status, 415, "not declared as JSON");
    let (status, _) = mailer.post_with(Some(SECRET), "application/x-www-form-urlencoded", b"a=1".to_vec());
    assert_eq!(status, 415);

    let mut huge = good.clone();
    huge["padding"] = json!("x".repeat(70 * 1024));
    let (status, answer) = mailer.post_with(Some(SECRET), "application/json", huge.to_string().into_bytes());
    assert_eq!((status, answer), (413, json!({"error": "the body is larger than 64 KiB"})));

    let (status, _) = mailer.post_with(Some(SECRET), "application/json", b"{not json".to_vec());
    assert_eq!(status, 400);

    let mut no_username = good.clone();
    no_username["payload"]["user_authentication_password_profile_info"]
        .as_object_mut()
        .expect("an object")
        .remove("username");
    let (status, answer) = mailer.post(&no_username);
    assert_eq!(
        (status, answer),
        (422, json!({"error": "payload.user_authentication_password_profile_info.username is missing"}))
    );
    let mut code_as_number = good.clone();
    code_as_number["payload"]["one_time_password_token"] = json!(123456);
    let (status, answer) = mailer.post(&code_as_number);
    assert_eq!((status, answer), (422, json!({"error": "payload.one_time_password_token is not a string"})));
    let mut long_code = good.clone();
    long_code["payload"]["one_time_password_token"] = json!("c".repeat(500));
    assert_eq!(mailer.post(&long_code).0, 422);

    nothing_stored(&mailer);
    let log = mailer.log();
    // Refusals are logged at most once a second (the first here), and each is counted.
    assert!(log.contains("refused an envelope that is not declared as JSON (415)"), "{log}");
    let metrics = mailer.metrics();
    for (reason, count) in [("not_json", 2), ("too_large", 1), ("malformed", 1), ("invalid", 3)] {
        let series = format!("ep_reset_mailer_events_refused_total{{reason=\"{reason}\"}} {count}");
        assert!(metrics.lines().any(|line| line == series), "{series}:\n{metrics}");
    }
    assert_clean(&log, &["c0de4u", "bad@example.com", &"c".repeat(20)]);
}

#[test]
fn other_events_and_purposes_are_acknowledged_and_ignored() {
    let dir = Backend::sqlite();
    let mailer = mailer(&dir);
    let mut other_event = envelope("evt-other-1", "o@example.com", "O", "0th3r1");
    other_event["triggered_by"] = json!("order.created");
    let (status, answer) = mailer.post(&other_event);
    assert_eq!(status, 202, "so Elastic Path does not retry it");
    assert_eq!(answer["result"], "ignored");
    let mut sign_in = envelope("evt-other-2", "o@example.com", "O", "0th3r2");
    sign_in["payload"]["purpose"] = json!("passwordless_authentication");
    let (status, answer) = mailer.post(&sign_in);
    assert_eq!((status, answer["result"].clone()), (202, Value::from("ignored")));
    nothing_stored(&mailer);
    let log = mailer.log();
    assert!(
        log.contains(
            "envelope evt-other-1: ignored, triggered_by \"order.created\" is not one-time-password-token-request.created"
        ),
        "{log}"
    );
    assert!(log.contains("envelope evt-other-2: ignored, purpose \"passwordless_authentication\""), "{log}");
    assert_clean(&log, &["0th3r1", "0th3r2", "o@example.com"]);
}

#[test]
fn readyz_reports_the_queue_and_the_smtp_state_on_the_operations_listener() {
    let dir = Backend::sqlite();
    let mailer = mailer(&dir);
    assert_eq!(mailer.post(&envelope("evt-h-1", "h@example.com", "H", "h34lth")).0, 202);
    let health = eventually("the SMTP server is seen down", || {
        let health = mailer.health();
        (health["smtp"]["state"] == "down").then_some(health)
    });
    assert_eq!(health["status"], "not ready");
    assert_eq!(health["queue"]["queued"], 1);
    assert!(health["smtp"]["reason"].as_str().unwrap_or_default().contains("refused"), "{health}");
    assert!(health["smtp"]["server"].as_str().unwrap_or_default().starts_with("smtp://127.0.0.1:"));
    let ready = reqwest::blocking::get(format!("{}/readyz", mailer.ops)).expect("an answer");
    assert_eq!(ready.status().as_u16(), 503, "the SMTP server does not answer");
    let alive = reqwest::blocking::get(format!("{}/healthz", mailer.ops)).expect("an answer");
    assert_eq!(alive.status().as_u16(), 200);
    let metrics = mailer.metrics();
    assert!(metrics.contains("ep_reset_mailer_events_accepted_total{result=\"queued\"} 1"), "{metrics}");
    assert!(metrics.contains("ep_reset_mailer_queue_depth 1"), "{metrics}");
}

#[test]
fn readyz_answers_503_not_408_when_the_smtp_server_accepts_and_stays_silent() {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let smtp_port = silent.local_addr().expect("an address").port();
    // Accepts every connection and never greets: a hanging SMTP host.
    std::thread::spawn(move || {
        let held: Vec<_> = silent.incoming().map_while(Result::ok).collect();
        drop(held);
    });
    let dir = Backend::sqlite();
    // The SMTP deadline (2 × 2000 ms) outlasts the request timeout: only the probe's own deadline answers.
    let mailer =
        Mailer::start(&MailerSetup { smtp_port, db: &dir.db(), extra: &["--request-timeout-ms", "1500"] });
    for _ in 0..3 {
        let ready = reqwest::blocking::get(format!("{}/readyz", mailer.ops)).expect("an answer");
        assert_eq!(ready.status().as_u16(), 503, "not ready, not a timeout");
        let body: serde_json::Value = ready.json().expect("a readiness report");
        assert_eq!(body["smtp"]["state"], "down", "{body}");
    }
    let metrics = mailer.metrics();
    assert!(!metrics.contains("reason=\"timeout\"}"), "no request timed out:\n{metrics}");
}

#[test]
fn the_mailer_refuses_to_start_without_the_webhook_secret_or_with_bad_options() {
    let dir = tempfile::tempdir().expect("a directory");
    let run = |args: &[&str], secret: Option<&str>| {
        let mut command = ep_reset();
        command.arg("mailer").args(args).arg("--db").arg(dir.path().join("q.sqlite3"));
        command.env_remove("EP_RESET_WEBHOOK_SECRET");
        if let Some(secret) = secret {
            command.env("EP_RESET_WEBHOOK_SECRET", secret);
        }
        let output = command.output().expect("runs");
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let good = ["--app-url", APP_URL, "--smtp-url", "smtp://127.0.0.1:25", "--from", FROM];
    let (code, stderr) = run(&good, None);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with(
            "ep-reset: mailer: EP_RESET_WEBHOOK_SECRET (or EP_RESET_WEBHOOK_SECRET_FILE) is not set"
        ),
        "{stderr}"
    );
    let (code, stderr) = run(&good, Some("too-short-a-secret"));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is 18 characters long: it must be at least 32"), "{stderr}");
    assert!(!stderr.contains("too-short-a-secret"), "the secret is not shown");
    let (code, stderr) =
        run(&["--app-url", "http://shop.example", "--smtp-url", "smtp://x", "--from", FROM], Some(SECRET));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--app-url must be https://"), "{stderr}");
    let (code, stderr) =
        run(&["--app-url", APP_URL, "--smtp-url", "smtp://u:p@x", "--from", FROM], Some(SECRET));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("EP_RESET_SMTP_PASSWORD"), "{stderr}");
    let (code, stderr) = run(&[&good[..], &["--smtp-password", "hunter2"]].concat(), Some(SECRET));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("set EP_RESET_SMTP_PASSWORD in the environment"), "{stderr}");
    assert!(!stderr.contains("hunter2"));
    assert!(!dir.path().join("q.sqlite3").exists(), "nothing started");
}
