//! The store owner's journey: check fails → setup fixes → check passes → setup again writes nothing.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{
    OTHER_WEBHOOK_SECRET, PROFILE, REALM, Receiver, Sandbox, WEBHOOK_SECRET, credentials, fresh_seed, run,
};

const TEST_USER: &str = "tess@example.com";

#[test]
fn check_fails_setup_fixes_check_passes_and_a_second_setup_writes_nothing() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    let receiver = Receiver::start();
    let env = credentials(&sandbox.base);
    let mut with_secret = env.clone();
    with_secret.push(("EP_RESET_WEBHOOK_SECRET", WEBHOOK_SECRET.to_string()));

    let before = run(&env, &["check"]);
    assert_eq!(before.code, Some(1), "{before:#?}");
    let fixes = before.marked('✗');
    assert_eq!(fixes.len(), 3, "{before:#?}");
    assert!(fixes[0].contains("account_member_self_management is \"disabled\""), "{fixes:?}");
    assert!(fixes[1].contains("no password profile has one-time password tokens enabled"), "{fixes:?}");
    assert!(
        fixes[2].contains("no integration observes one-time-password-token-request.created"),
        "{fixes:?}"
    );
    assert!(fixes.iter().all(|line| line.contains(" — fix: ")), "{fixes:?}");

    sandbox.clear_requests();
    let setup =
        run(&with_secret, &["setup", "--webhook-url", &receiver.url, "--test-user", "Tess@Example.com"]);
    assert_eq!(setup.code, Some(0), "{setup:#?}");
    let writes = sandbox.writes();
    let expected = [
        "PUT /v2/settings/account-authentication".to_string(),
        format!("PUT /v2/authentication-realms/{REALM}/password-profiles/{PROFILE}"),
        format!("POST /v2/authentication-realms/{REALM}/user-authentication-info"),
    ];
    assert_eq!(writes.len(), 5, "{writes:?}");
    assert_eq!(writes[..3], expected, "{writes:?}");
    assert!(writes[3].ends_with("/user-authentication-password-profile-info"), "{writes:?}");
    assert_eq!(writes[4], "POST /v2/integrations");
    for write in &writes {
        assert!(
            setup.stdout.contains(&format!("   {write}")),
            "every write is printed: {write}\n{}",
            setup.stdout
        );
    }
    assert!(setup.stdout.contains(&format!("realm-id=\"{REALM}\"")), "{}", setup.stdout);
    assert!(setup.stdout.contains(&format!("password-profile-id=\"{PROFILE}\"")), "{}", setup.stdout);
    assert!(setup.stdout.contains("client-id=\"YOUR-IMPLICIT-CLIENT-ID\""), "{}", setup.stdout);
    assert!(setup.stdout.contains("/change_password#username=<payload.user_authentication_password_profile_info.username>&token=<payload.one_time_password_token>"), "{}", setup.stdout);
    assert!(setup.stdout.contains("Done: 5 writes."), "{}", setup.stdout);

    let integrations = sandbox.admin_get("/v2/integrations");
    let integration = &integrations["data"][0];
    assert_eq!(integration["enabled"], json!(true));
    assert_eq!(integration["integration_type"], json!("webhook"));
    assert_eq!(integration["observes"], json!(["one-time-password-token-request.created"]));
    assert_eq!(integration["configuration"]["url"], json!(receiver.url));
    assert!(
        integration["configuration"].get("secret_key").is_none(),
        "the sandbox never reads a secret key back (the delivery below proves it is the environment's)"
    );

    let after = run(&env, &["check"]);
    assert_eq!(after.code, Some(0), "{after:#?}");
    assert!(after.marked('✗').is_empty(), "{after:#?}");
    assert_eq!(after.marked('✓').len(), 5, "{after:#?}");
    assert!(after.stdout.contains("username_format email, min_length 10"), "{after:#?}");
    assert!(after.stdout.contains("(reachable: answered 200)"), "{after:#?}");

    sandbox.clear_requests();
    let again = run(&with_secret, &["setup", "--webhook-url", &receiver.url, "--test-user", TEST_USER]);
    assert_eq!(again.code, Some(0), "{again:#?}");
    assert_eq!(sandbox.writes(), Vec::<String>::new(), "a second setup writes nothing");
    assert!(again.stdout.contains("Nothing to change: the store is already set up."), "{again:#?}");
    assert_eq!(again.stdout.matches(": unchanged, ").count(), 4, "{again:#?}");

    // The store now works: the test user's reset request reaches the receiver with the secret header.
    assert_eq!(sandbox.request_otp(TEST_USER), 202);
    assert!(
        delivered(&receiver, WEBHOOK_SECRET, TEST_USER),
        "the webhook got the event with X-MOLTIN-SECRET-KEY ({} POSTs)",
        receiver.posts().len()
    );
}

/// Whether `receiver` gets (within a bound) an event for `username` carrying `secret` as its
/// `X-MOLTIN-SECRET-KEY`.
fn delivered(receiver: &Receiver, secret: &str, username: &str) -> bool {
    let started = Instant::now();
    loop {
        let found = receiver.posts().iter().any(|post| {
            let lower = post.to_ascii_lowercase();
            lower.contains(&format!("x-moltin-secret-key: {}", secret.to_ascii_lowercase()))
                && post.contains(username)
        });
        // A bound on waiting for the background delivery, not a timing assertion.
        if found || started.elapsed() > Duration::from_secs(30) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_dry_run_prints_the_plan_and_writes_nothing() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    let env = credentials(&sandbox.base);
    sandbox.clear_requests();
    let dry = run(
        &env,
        &["setup", "--webhook-url", "https://hooks.example/otp", "--test-user", TEST_USER, "--dry-run"],
    );
    assert_eq!(dry.code, Some(0), "{dry:#?}");
    assert_eq!(sandbox.writes(), Vec::<String>::new(), "a dry run writes nothing");
    assert!(dry.stdout.contains("dry run: nothing is written"), "{dry:#?}");
    assert!(dry.stdout.contains("   would PUT /v2/settings/account-authentication"), "{dry:#?}");
    assert!(dry.stdout.contains("   would POST /v2/integrations"), "{dry:#?}");
    assert!(dry.stdout.contains("Dry run: 5 writes planned, nothing written."), "{dry:#?}");
    assert_eq!(run(&env, &["check"]).marked('✗').len(), 3, "the store is as it was");
}

#[test]
fn a_store_refusing_implicit_reads_passes_and_says_which_ids_to_pin() {
    let mut seed = fresh_seed();
    seed["switches"] = json!({"implicit_settings": "refuse"});
    let sandbox = Sandbox::start(&seed, &[]);
    let receiver = Receiver::start();
    let env = credentials(&sandbox.base);
    assert_eq!(run(&env, &["setup", "--webhook-url", &receiver.url]).code, Some(0));
    let check = run(&env, &["check"]);
    assert_eq!(check.code, Some(0), "pinning is information, not a failure: {check:#?}");
    let info = check.marked('ℹ');
    assert_eq!(info.len(), 1, "{check:#?}");
    assert!(info[0].contains("403 on GET /v2/settings/account-authentication"), "{info:?}");
    assert!(
        info[0].contains(&format!("pin realm-id=\"{REALM}\" and password-profile-id=\"{PROFILE}\"")),
        "{info:?}"
    );
}

#[test]
fn check_with_an_origin_sends_the_apps_preflights() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    let receiver = Receiver::start();
    let env = credentials(&sandbox.base);
    assert_eq!(run(&env, &["setup", "--webhook-url", &receiver.url]).code, Some(0));
    sandbox.clear_requests();
    let check = run(&env, &["check", "--origin", "https://shop.example"]);
    assert_eq!(check.code, Some(0), "{check:#?}");
    assert!(
        check.stdout.contains("✓ CORS preflight from https://shop.example: 7 calls (GET, POST, PUT) with Authorization, Content-Type, EP-Account-Management-Authentication-Token allowed"),
        "{check:#?}"
    );
    let preflights = sandbox.preflight_paths();
    let realm = format!("/v2/authentication-realms/{REALM}");
    let profile = format!("{realm}/password-profiles/{PROFILE}");
    for (path, what) in [
        ("/v2/settings/account-authentication".to_string(), "the settings"),
        (format!("{realm}/password-profiles"), "the profile list"),
        (profile.clone(), "the profile"),
        (format!("{profile}/one-time-password-token-request"), "the OTP request"),
        ("/v2/account-members/tokens".to_string(), "the exchange"),
    ] {
        assert!(preflights.contains(&path), "{what}: {preflights:?}");
    }
    let credential_calls = preflights
        .iter()
        .filter(|p| p.starts_with(&format!("{realm}/user-authentication-info/")))
        .filter(|p| p.contains("/user-authentication-password-profile-info"))
        .count();
    assert_eq!(credential_calls, 2, "the credential list and the update: {preflights:?}");
    assert_eq!(preflights.len(), 7, "{preflights:?}");
}

#[test]
fn setup_leaves_a_hidden_secret_key_unless_asked_to_rotate_it() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    let receiver = Receiver::start();
    let env = credentials(&sandbox.base);
    let with_secret = |secret: &str| {
        let mut env = env.clone();
        env.push(("EP_RESET_WEBHOOK_SECRET", secret.to_string()));
        env
    };
    let first = run(&with_secret(WEBHOOK_SECRET), &["setup", "--webhook-url", &receiver.url]);
    assert_eq!(first.code, Some(0), "{first:#?}");
    let id =
        sandbox.admin_get("/v2/integrations")["data"][0]["id"].as_str().map(str::to_string).expect("an id");

    // The sandbox, like a store that hides secrets, never shows the key: setup cannot compare it.
    sandbox.clear_requests();
    let unsure = run(&with_secret(OTHER_WEBHOOK_SECRET), &["setup", "--webhook-url", &receiver.url]);
    assert_eq!(unsure.code, Some(0), "{unsure:#?}");
    assert_eq!(sandbox.writes(), Vec::<String>::new(), "{unsure:#?}");
    assert!(unsure.marked('!').iter().any(|l| l.contains("--rotate-secret")), "{unsure:#?}");

    let rotated = run(
        &with_secret(OTHER_WEBHOOK_SECRET),
        &["setup", "--webhook-url", &receiver.url, "--rotate-secret"],
    );
    assert_eq!(rotated.code, Some(0), "{rotated:#?}");
    assert_eq!(sandbox.writes(), vec![format!("PUT /v2/integrations/{id}")], "{rotated:#?}");
    assert!(rotated.stdout.contains("set its secret key from EP_RESET_WEBHOOK_SECRET"), "{rotated:#?}");
    assert_eq!(sandbox.request_otp("ada@example.com"), 202);
    assert!(delivered(&receiver, OTHER_WEBHOOK_SECRET, "ada@example.com"), "the new key is the one sent");

    sandbox.clear_requests();
    let without = run(&env, &["setup", "--webhook-url", &receiver.url, "--rotate-secret"]);
    assert_eq!(without.code, Some(2), "{without:#?}");
    assert!(without.stderr.contains("--rotate-secret needs the new secret key"), "{without:#?}");
    assert_eq!(sandbox.writes(), Vec::<String>::new(), "nothing is written");
}

#[test]
fn setup_enables_a_disabled_integration_at_the_url_instead_of_adding_one() {
    let sandbox = Sandbox::start(&fresh_seed(), &[]);
    let receiver = Receiver::start();
    let env = credentials(&sandbox.base);
    assert_eq!(run(&env, &["setup", "--webhook-url", &receiver.url]).code, Some(0));
    let id =
        sandbox.admin_get("/v2/integrations")["data"][0]["id"].as_str().map(str::to_string).expect("an id");
    let token = sandbox.token("client_credentials");
    let disable = json!({"data": {"type": "integration", "enabled": false}});
    let status = reqwest::blocking::Client::new()
        .put(format!("{}/v2/integrations/{id}", sandbox.base))
        .bearer_auth(token)
        .json(&disable)
        .send()
        .map(|r| r.status().as_u16());
    assert_eq!(status.ok(), Some(200));
    let disabled = run(&env, &["check"]);
    assert!(disabled.marked('✗').iter().any(|l| l.contains("is disabled")), "{disabled:#?}");
    sandbox.clear_requests();
    let fix = run(&env, &["setup", "--webhook-url", &receiver.url]);
    assert_eq!(fix.code, Some(0), "{fix:#?}");
    assert_eq!(sandbox.writes(), vec![format!("PUT /v2/integrations/{id}")]);
    assert_eq!(sandbox.admin_get("/v2/integrations")["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(run(&env, &["check"]).code, Some(0));
}
