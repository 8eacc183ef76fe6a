//! Bad input gets one clear line on stderr and exit status 2; a rate limit is waited out, boundedly.

use serde_json::json;

use crate::support::{
    CLIENT_ID, CLIENT_SECRET, Sandbox, WRONG_SECRET, assert_one_error_line, credentials, fresh_seed, run,
};

#[test]
fn missing_credentials_are_named() {
    let none = run(&[], &["check"]);
    assert_one_error_line(&none, "EPCC_API_BASE_URL, EPCC_CLIENT_ID, EPCC_CLIENT_SECRET are not set");
    assert!(none.stdout.is_empty());
    let no_secret = run(
        &[("EPCC_API_BASE_URL", "http://127.0.0.1:9".into()), ("EPCC_CLIENT_ID", CLIENT_ID.into())],
        &["setup", "--webhook-url", "https://hooks.example/otp"],
    );
    assert_one_error_line(&no_secret, "EPCC_CLIENT_SECRET is not set");
}

#[test]
fn a_secret_on_the_command_line_is_refused_without_echoing_it() {
    let refused = run(&[], &["check", &format!("--client-secret={CLIENT_SECRET}")]);
    assert_one_error_line(&refused, "secrets are never accepted on the command line: set EPCC_CLIENT_SECRET");
}

#[test]
fn a_test_user_that_is_not_an_email_username_is_refused_before_any_request() {
    let env = credentials("http://127.0.0.1:9");
    let setup =
        |user: &str| run(&env, &["setup", "--webhook-url", "https://hooks.example/otp", "--test-user", user]);
    assert_one_error_line(&setup("ada"), "--test-user \"ada\" is not an e-mail address");
    assert_one_error_line(&setup("ada@localhost"), "--test-user \"ada@localhost\" is not an e-mail address");
    assert_one_error_line(&setup("ada\t@example.com"), "contains control characters");
}

#[test]
fn a_wrong_secret_is_refused() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    let mut env = credentials(&sandbox.base);
    env[2].1 = WRONG_SECRET.into();
    let refused = run(&env, &["check"]);
    assert_one_error_line(
        &refused,
        "the store refused EPCC_CLIENT_ID / EPCC_CLIENT_SECRET (401 on POST /oauth/access_token)",
    );
}

#[test]
fn an_unreachable_api_is_named() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a port");
    let base = format!("http://127.0.0.1:{port}");
    let unreachable = run(&credentials(&base), &["check"]);
    assert_one_error_line(&unreachable, &format!("cannot reach the store at {base}: "));
}

#[test]
fn plain_http_to_a_remote_api_or_webhook_is_refused() {
    let remote = run(&credentials("http://useast.api.elasticpath.com"), &["check"]);
    assert_one_error_line(&remote, "EPCC_API_BASE_URL must be https://");
    let hook =
        run(&credentials("http://127.0.0.1:9"), &["setup", "--webhook-url", "http://hooks.example/otp"]);
    assert_one_error_line(&hook, "--webhook-url must be https://");
}

#[test]
fn a_rate_limit_is_waited_out() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    sandbox.fault(json!({"route": "settings", "status": 429, "times": 2}));
    let check = run(&credentials(&sandbox.base), &["check"]);
    assert_eq!(check.code, Some(1), "the check ran to the end (the store is not ready): {check:#?}");
    assert_eq!(check.marked('✗').len(), 3, "{check:#?}");
    let waits: Vec<&str> = check.stderr.lines().collect();
    assert_eq!(waits.len(), 2, "{check:#?}");
    assert!(waits.iter().all(|l| {
        l.contains("rate limited (429 on GET /v2/settings/account-authentication); retrying in 2 s")
    }));
}

#[test]
fn a_rate_limit_that_does_not_end_gives_up_after_bounded_retries() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    sandbox.fault(json!({"route": "settings", "status": 429, "times": 0}));
    let check = run(&credentials(&sandbox.base), &["check"]);
    assert_eq!(check.code, Some(2), "{check:#?}");
    let last = check.stderr.lines().last().unwrap_or_default();
    assert!(
        last.contains(
            "the store is rate limiting (429 on GET /v2/settings/account-authentication, 4 attempts)"
        ),
        "{check:#?}"
    );
    assert_eq!(check.stderr.lines().filter(|l| l.contains("retrying")).count(), 3, "{check:#?}");
    assert!(check.stdout.is_empty(), "{check:#?}");
}

#[test]
fn an_answer_that_is_not_elastic_paths_shape_is_named() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    sandbox.fault(json!({"route": "settings", "malformed": true}));
    let check = run(&credentials(&sandbox.base), &["check"]);
    assert_one_error_line(
        &check,
        "the store's answer to GET /v2/settings/account-authentication is not Elastic Path's shape: the body is not JSON",
    );
}
