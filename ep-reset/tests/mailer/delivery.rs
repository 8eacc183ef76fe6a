//! One event → one message, with the right parts; repeats are acknowledged and not sent again; the
//! 10-minute rule; replaced templates.

use serde_json::json;

use crate::on_both_backends;
use crate::support::*;

on_both_backends!(
    one_event_is_exactly_one_message_with_the_right_recipient_subject_text_and_html,
    the_same_envelope_delivered_twice_is_one_message,
);

fn one_event_is_exactly_one_message_with_the_right_recipient_subject_text_and_html(backend: &Backend) {
    let smtp = MailDev::start();
    let db = backend.db();
    let mut mailer = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &[] });
    let event = envelope("evt-one-1", "ada.lovelace@example.com", "Ada <b>Lovelace</b> & Co", "q7x2k9");

    let (status, answer) = mailer.post(&event);
    assert_eq!((status, answer), (202, json!({"result": "queued"})));
    let messages = smtp.wait_for(1);
    mailer.wait_sent(1);
    assert_eq!(smtp.messages().len(), 1, "exactly one message");

    let message = &messages[0];
    assert_eq!(recipients(&messages), ["ada.lovelace@example.com"]);
    assert_eq!(message["to"][0]["name"], "Ada <b>Lovelace</b> & Co");
    assert_eq!(message["from"][0]["address"], "no-reply@shop.example");
    assert_eq!(message["subject"], "Reset your password");
    // The parameters in the fragment, which no server ever receives.
    let link = "http://127.0.0.1:8080/shop/change_password#username=ada.lovelace%40example.com&token=q7x2k9\
                &password_profile_id=9a44bb7e-...&authentication_realm_id=063623f1-...\
                &user_authentication_password_profile_info_id=d63be373-...&locale=en";
    let text = message["text"].as_str().expect("a text part");
    assert!(text.starts_with("Hello Ada <b>Lovelace</b> & Co,"), "{text}");
    assert!(text.contains(link), "the link with every id:\n{text}");
    assert!(text.contains("    q7x2k9\n"), "the code as text");
    assert!(text.contains("10 minutes"));
    let html = message["html"].as_str().expect("an HTML part");
    assert!(html.contains("Hello Ada &lt;b&gt;Lovelace&lt;/b&gt; &amp; Co,"), "{html}");
    assert!(!html.contains("<b>Lovelace"), "the name is escaped");
    assert!(html.contains(&format!("href=\"{}\"", link.replace('&', "&amp;"))), "{html}");
    assert!(html.contains(">q7x2k9<"));
    let headers = &message["headers"];
    assert_eq!(headers["message-id"], "<ep-reset.evt-one-1@shop.example>");

    mailer.terminate();
    let log = mailer.log();
    assert!(log.contains("envelope evt-one-1 to a***@example.com: sent"), "{log}");
    assert_clean(&log, &["q7x2k9", "ada.lovelace@example.com"]);
    // Once sent, the queue keeps only the outcome: not the code, not the address, in no page of the file
    // (PostgreSQL keeps dead row versions until vacuum: its erasure is checked by query).
    if let Backend::Postgres(_) = backend {
        return;
    }
    let mut stored = std::fs::read(&db).expect("the database file");
    stored.extend(std::fs::read(format!("{db}-wal")).unwrap_or_default());
    let stored = String::from_utf8_lossy(&stored);
    assert!(stored.contains("evt-one-1"), "the dedupe record stays");
    for erased in ["q7x2k9", "ada.lovelace@example.com", "Lovelace"] {
        assert!(!stored.contains(erased), "the database still holds {erased:?}");
    }
}

#[test]
fn the_webhook_url_names_the_language_of_the_mail_and_of_the_page_its_link_opens() {
    let smtp = MailDev::start();
    let dir = Backend::sqlite();
    let db = dir.db();
    let mut mailer =
        Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &["--locale", "fr"] });
    // Three shoppers (mails waiting for one address would collapse into the newest).
    assert_eq!(
        mailer.post_to("?locale=de", &envelope("evt-de-1", "ada.de@example.com", "Ada", "k3m9p2")).0,
        202
    );
    assert_eq!(
        mailer.post_to("?locale=ar-EG", &envelope("evt-ar-1", "ada.ar@example.com", "Ada", "k3m9p3")).0,
        202
    );
    // A value that names no language leaves the mailer's --locale.
    assert_eq!(
        mailer.post_to("?locale=%3Cscript%3E", &envelope("evt-x-1", "ada.x@example.com", "Ada", "k3m9p4")).0,
        202
    );
    let messages = smtp.wait_for(3);
    let by_code = |code: &str| {
        messages.iter().find(|m| m["text"].as_str().unwrap_or_default().contains(code)).expect("the message")
    };
    let german = by_code("k3m9p2");
    assert_eq!(german["subject"], "Passwort zurücksetzen");
    assert!(german["text"].as_str().unwrap_or_default().starts_with("Hallo Ada,"));
    assert!(german["text"].as_str().unwrap_or_default().contains("&locale=de\n"));
    let arabic = by_code("k3m9p3");
    assert_eq!(arabic["subject"], "إعادة تعيين كلمة المرور");
    assert!(arabic["html"].as_str().unwrap_or_default().contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(arabic["html"].as_str().unwrap_or_default().contains("&amp;locale=ar\""));
    let default = by_code("k3m9p4");
    assert_eq!(default["subject"], "Réinitialisez votre mot de passe");
    assert!(default["text"].as_str().unwrap_or_default().contains("&locale=fr\n"));
    mailer.terminate();
}

fn the_same_envelope_delivered_twice_is_one_message(backend: &Backend) {
    let smtp = MailDev::start();
    let mailer = Mailer::start(&MailerSetup { smtp_port: smtp.smtp_port, db: &backend.db(), extra: &[] });
    let mut event = envelope("evt-twice-1", "grace@example.com", "Grace Hopper", "b4g1947");

    assert_eq!(mailer.post(&event).0, 202);
    event["attempt"] = json!(2);
    assert_eq!(mailer.post(&event), (200, json!({"result": "duplicate"})), "a repeat while queued");
    smtp.wait_for(1);
    mailer.wait_sent(1);
    event["attempt"] = json!(3);
    assert_eq!(mailer.post(&event), (200, json!({"result": "duplicate"})), "a repeat after sending");
    let health = mailer.health();
    assert_eq!((health["queue"]["queued"].as_u64(), health["queue"]["records"].as_u64()), (Some(0), Some(1)));
    assert_eq!(mailer.metric("ep_reset_mailer_events_accepted_total{result=\"duplicate\"}"), 2.0);
    assert_eq!(recipients(&smtp.messages()), ["grace@example.com"], "one message, nothing queued to follow");
    assert_clean(&mailer.log(), &["b4g1947", "grace@example.com"]);
}

#[test]
fn the_seed_example_is_accepted_as_is_and_too_old_to_send() {
    let dir = Backend::sqlite();
    let mailer = Mailer::start(&MailerSetup { smtp_port: free_port(), db: &dir.db(), extra: &[] });
    // Elastic Path's own example, byte for byte: its code was created in 2023.
    let (status, answer) = mailer.post_with(Some(SECRET), "application/json", seed_example());
    assert_eq!((status, answer), (202, json!({"result": "expired"})));
    let health = mailer.health();
    assert_eq!((health["queue"]["records"].as_u64(), health["queue"]["queued"].as_u64()), (Some(1), Some(0)));
    assert_eq!(mailer.metric("ep_reset_mailer_events_accepted_total{result=\"expired\"}"), 1.0);
    let log = mailer.log();
    assert!(
        log.contains("envelope 31ca9869-... to j***@banks.com: dropped, not sent: its code expired"),
        "{log}"
    );
    assert_clean(&log, &["lprvj4", "john.doe@banks.com"]);
}

#[test]
fn a_code_that_expires_while_smtp_is_down_is_dropped_not_sent_late() {
    let port = free_port();
    let dir = Backend::sqlite();
    let mailer = Mailer::start(&MailerSetup { smtp_port: port, db: &dir.db(), extra: &[] });
    let mut event = envelope("evt-late-1", "late@example.com", "Late", "l8te99");
    // Created 9 minutes 57 seconds ago: three seconds to live, and no SMTP server.
    event["payload"]["created_at"] = json!(rfc3339(-597));
    assert_eq!(mailer.post(&event), (202, json!({"result": "queued"})));
    mailer.wait_metric("ep_reset_mailer_mails_expired_total", 1.0);
    let smtp = MailDev::start_on(port);
    assert_eq!(mailer.health()["queue"]["queued"], 0, "nothing is left to send");
    assert!(smtp.messages().is_empty());
    let log = mailer.log();
    assert!(log.contains("envelope evt-late-1 to l***@example.com: attempt 1 failed"), "{log}");
    assert!(
        log.contains("envelope evt-late-1 to l***@example.com: dropped, not sent: its code expired"),
        "{log}"
    );
    assert_clean(&log, &["l8te99", "late@example.com"]);
}

#[test]
fn a_templates_directory_replaces_the_built_in_text() {
    let smtp = MailDev::start();
    let dir = tempfile::tempdir().expect("a directory");
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).expect("created");
    std::fs::write(templates.join("subject.txt"), "Your {{minutes}}-minute reset link").expect("written");
    std::fs::write(templates.join("body.txt"), "Hi{{#name}} {{name}}{{/name}}! Code {{code}}: {{link}}")
        .expect("written");
    let templates_arg = templates.to_string_lossy().into_owned();
    let mailer = Mailer::start(&MailerSetup {
        smtp_port: smtp.smtp_port,
        db: &dir.path().join("q.sqlite3").to_string_lossy(),
        extra: &["--templates", &templates_arg],
    });
    let mut event = envelope("evt-tpl-1", "t@example.com", "", "t3mpl8");
    event["payload"]["user_authentication_info"]["name"] = serde_json::Value::Null;
    assert_eq!(mailer.post(&event).0, 202);
    let message = smtp.wait_for(1).remove(0);
    assert_eq!(message["subject"], "Your 10-minute reset link");
    let text = message["text"].as_str().unwrap_or_default();
    assert!(text.starts_with("Hi! Code t3mpl8: http://127.0.0.1:8080/shop/change_password#username=t%40example.com&token=t3mpl8"), "{text}");
    assert!(
        message["html"].as_str().unwrap_or_default().contains("<p>Hello,</p>"),
        "the HTML part is still built in"
    );
}

#[test]
fn a_broken_template_stops_the_mailer_at_start() {
    let dir = tempfile::tempdir().expect("a directory");
    std::fs::write(dir.path().join("body.html"), "<a href=\"{{link}}\">reset</a> {{cdoe}}").expect("written");
    let output = ep_reset()
        .args(["mailer", "--app-url", APP_URL, "--smtp-url", "smtp://127.0.0.1:25", "--from", FROM])
        .arg("--templates")
        .arg(dir.path())
        .arg("--db")
        .arg(dir.path().join("q.sqlite3"))
        .env("EP_RESET_WEBHOOK_SECRET", SECRET)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("the template body.html ("), "{stderr}");
    assert!(stderr.contains("unknown placeholder {{cdoe}}"), "{stderr}");
    assert!(!dir.path().join("q.sqlite3").exists(), "nothing was started");
}

#[test]
fn smtp_credentials_come_from_the_environment_and_a_refused_login_keeps_the_mail_queued() {
    let smtp = MailDev::start_with_login("mailer", "smtp-pass-6f1e");
    let dir = Backend::sqlite();
    let db = dir.db();
    let setup = MailerSetup { smtp_port: smtp.smtp_port, db: &db, extra: &[] };

    let mut refused = Mailer::start_with_env(
        &setup,
        &[("EP_RESET_SMTP_USERNAME", "mailer"), ("EP_RESET_SMTP_PASSWORD", "wrong-pass-0a9b")],
    );
    assert_eq!(refused.post(&envelope("evt-auth-smtp-1", "login@example.com", "Log In", "l0g1n5")).0, 202);
    let health = eventually("the login is refused", || {
        let health = refused.health();
        (health["smtp"]["state"] == "down").then_some(health)
    });
    assert!(
        health["smtp"]["reason"].as_str().unwrap_or_default().contains("refused to authenticate"),
        "{health}"
    );
    assert_eq!(health["queue"]["queued"], 1, "a set-up problem, not the message's: it stays queued");
    refused.kill();
    assert!(smtp.messages().is_empty());

    let fixed = Mailer::start_with_env(
        &setup,
        &[("EP_RESET_SMTP_USERNAME", "mailer"), ("EP_RESET_SMTP_PASSWORD", "smtp-pass-6f1e")],
    );
    assert_eq!(recipients(&smtp.wait_for(1)), ["login@example.com"]);
    fixed.wait_sent(1);
    assert_clean(
        &format!("{}{}", refused.log(), fixed.log()),
        &["smtp-pass-6f1e", "wrong-pass-0a9b", "l0g1n5"],
    );
}
