use serde_json::Map;

use super::*;

fn settings(mode: Option<&str>, realm: Option<&str>) -> Settings {
    Settings {
        realm_id: realm.map(str::to_string),
        self_management: mode.map(str::to_string),
        raw: Map::new(),
    }
}

fn profile(id: &str, otp: bool) -> Profile {
    Profile {
        id: id.into(),
        name: Some(format!("Profile {id}")),
        username_format: Some("email".into()),
        otp_enabled: otp,
        min_length: None,
        raw: Map::new(),
    }
}

fn webhook(id: &str, url: &str) -> Integration {
    Integration {
        id: id.into(),
        name: Some("Mail".into()),
        enabled: true,
        integration_type: Some("webhook".into()),
        observes: vec![OTP_EVENT.into()],
        url: Some(url.into()),
        secret_key: None,
        raw: Map::new(),
    }
}

fn ready() -> Findings {
    Findings {
        settings: settings(Some("update_only"), Some("realm-1")),
        profiles: vec![profile("p1", true)],
        integrations: vec![webhook("i1", "https://hooks.example/otp")],
        reach: vec![("i1".into(), Reach::Answered(405))],
        implicit: ImplicitAccess::Allowed,
        cors: None,
    }
}

fn fails(findings: &Findings) -> Vec<String> {
    items(findings).into_iter().filter(|i| i.mark == Mark::Fail).map(|i| i.to_string()).collect()
}

#[test]
fn a_ready_store_passes_every_item() {
    let items = items(&ready());
    assert!(is_ready(&items), "{items:?}");
    assert_eq!(items.len(), 5);
    assert!(items.iter().all(|i| i.mark == Mark::Pass), "{items:?}");
    assert_eq!(items[0].to_string(), "✓ authentication realm realm-1");
}

#[test]
fn the_seed_of_a_fresh_store_fails_three_items_each_with_a_fix() {
    let findings = Findings {
        settings: settings(Some("disabled"), Some("realm-1")),
        profiles: vec![profile("p1", false)],
        integrations: vec![],
        reach: vec![],
        implicit: ImplicitAccess::Allowed,
        cors: None,
    };
    let fails = fails(&findings);
    assert_eq!(fails.len(), 3, "{fails:#?}");
    assert!(fails[0].starts_with("✗ account_member_self_management is \"disabled\""), "{}", fails[0]);
    assert!(fails[1].starts_with("✗ no password profile has one-time password tokens enabled (1 profile in"));
    assert!(fails[2].starts_with("✗ no integration observes one-time-password-token-request.created"));
    assert!(fails.iter().all(|line| line.contains(" — fix: ")));
    assert!(!is_ready(&items(&findings)));
}

#[test]
fn a_missing_realm_fails_the_realm_and_the_profiles() {
    let findings = Findings { settings: settings(Some("update_only"), None), profiles: vec![], ..ready() };
    let fails = fails(&findings);
    assert_eq!(fails.len(), 2, "{fails:#?}");
    assert!(fails[0].contains("name no authentication realm"));
}

#[test]
fn the_profile_line_shows_format_and_min_length_or_says_they_are_unset() {
    let mut with = profile("p1", true);
    with.min_length = Some(10);
    let line = items(&Findings { profiles: vec![with], ..ready() })[2].to_string();
    assert_eq!(
        line,
        "✓ password profile \"Profile p1\" (p1) has one-time password tokens enabled: username_format email, min_length 10"
    );
    let mut bare = profile("p2", true);
    bare.name = None;
    bare.username_format = None;
    let line = items(&Findings { profiles: vec![bare], ..ready() })[2].to_string();
    assert_eq!(
        line,
        "✓ password profile p2 has one-time password tokens enabled: username_format not set, min_length not set"
    );
}

#[test]
fn a_disabled_or_unreachable_or_plain_http_webhook_fails() {
    let mut disabled = webhook("i1", "https://hooks.example/otp");
    disabled.enabled = false;
    let fails_disabled = fails(&Findings { integrations: vec![disabled], ..ready() });
    assert!(fails_disabled[0].contains("is disabled"), "{fails_disabled:?}");

    let unreachable =
        Findings { reach: vec![("i1".into(), Reach::Failed("Connection refused".into()))], ..ready() };
    let line = &fails(&unreachable)[0];
    assert!(
        line.contains("did not answer (Connection refused)") && line.contains("deploy the receiver"),
        "{line}"
    );

    let plain =
        Findings { integrations: vec![webhook("i1", "http://hooks.example/otp")], reach: vec![], ..ready() };
    assert!(fails(&plain)[0].contains("must be https://"));
}

#[test]
fn loopback_http_webhooks_are_probed() {
    let integrations = vec![
        webhook("a", "http://127.0.0.1:9/hook"),
        webhook("b", "http://hooks.example/x"),
        Integration { observes: vec!["order.created".into()], ..webhook("c", "https://x.example") },
    ];
    assert_eq!(urls_to_probe(&integrations), vec![("a".to_string(), "http://127.0.0.1:9/hook".to_string())]);
}

#[test]
fn one_good_webhook_among_several_is_enough_and_the_duplicate_is_named() {
    let findings = Findings {
        integrations: vec![
            webhook("bad", "https://gone.example/x"),
            webhook("good", "https://hooks.example/otp"),
        ],
        reach: vec![("bad".into(), Reach::Failed("timed out".into())), ("good".into(), Reach::Answered(200))],
        ..ready()
    };
    let line = items(&findings)[3].to_string();
    assert!(line.starts_with("✓ integration \"Mail\" (good) sends"), "{line}");
    assert!(line.contains("a shopper may get 2 e-mails"), "{line}");
}

#[test]
fn a_non_webhook_integration_counts_without_a_probe() {
    let sqs = Integration { integration_type: Some("aws_sqs".into()), url: None, ..webhook("q", "") };
    let line = items(&Findings { integrations: vec![sqs], reach: vec![], ..ready() })[3].to_string();
    assert!(line.starts_with("✓ integration \"Mail\" (q) (aws_sqs)"), "{line}");
}

#[test]
fn a_refused_implicit_read_is_information_with_the_ids_to_pin() {
    let findings = Findings {
        implicit: ImplicitAccess::ReadRefused {
            call: "GET /v2/settings/account-authentication".into(),
            status: 403,
        },
        ..ready()
    };
    let items = items(&findings);
    assert!(is_ready(&items));
    assert_eq!(items[4].mark, Mark::Info);
    let line = items[4].to_string();
    assert!(line.contains("403 on GET /v2/settings/account-authentication"), "{line}");
    assert!(line.contains("realm-id=\"realm-1\"") && line.contains("password-profile-id=\"p1\""), "{line}");
}

#[test]
fn a_refused_implicit_token_is_a_failure_that_pinning_cannot_fix() {
    let findings = Findings { implicit: ImplicitAccess::TokenRefused { status: 401 }, ..ready() };
    let items = items(&findings);
    assert!(!is_ready(&items), "{items:#?}");
    assert_eq!(items[4].mark, Mark::Fail);
    let line = items[4].to_string();
    assert!(line.starts_with("✗ the store refused an implicit token"), "{line}");
    assert!(line.contains("401 on POST /oauth/access_token"), "{line}");
    assert!(line.contains(" — fix: check EPCC_CLIENT_ID"), "{line}");
    assert!(!line.contains("pin realm-id"), "pinning does not help without a token: {line}");
    assert_eq!(fails(&findings).len(), 1);
}

#[test]
fn several_otp_profiles_ask_for_the_profile_id() {
    let findings = Findings { profiles: vec![profile("p1", true), profile("p2", true)], ..ready() };
    let items = items(&findings);
    assert_eq!(items[4].mark, Mark::Info);
    assert!(items[4].text.contains("2 profiles"));
}

#[test]
fn cors_passes_or_names_the_first_problem() {
    let open = PreflightAnswer {
        status: 204,
        allow_origin: Some("*".into()),
        allow_methods: Some("GET, POST, PUT".into()),
        allow_headers: Some(cors::APP_HEADERS.join(", ")),
    };
    let call =
        |method, answer| CorsCall { method, path: "/v2/x".into(), headers: &cors::APP_HEADERS, answer };
    let good = CorsFindings {
        origin: "https://shop.example".into(),
        calls: vec![call("GET", Ok(open.clone())), call("PUT", Ok(open.clone()))],
    };
    let line = items(&Findings { cors: Some(good), ..ready() })[5].to_string();
    assert!(
        line.starts_with("✓ CORS preflight from https://shop.example: 2 calls (GET, PUT) with Authorization"),
        "{line}"
    );

    let closed = PreflightAnswer { allow_headers: Some("Content-Type".into()), ..open };
    let bad = CorsFindings {
        origin: "https://shop.example".into(),
        calls: vec![call("GET", Ok(closed)), call("PUT", Err("Connection refused".into()))],
    };
    let findings = Findings { cors: Some(bad), ..ready() };
    let line = &fails(&findings)[0];
    assert!(line.contains("for GET /v2/x: Access-Control-Allow-Headers lacks Authorization"), "{line}");
    assert!(!is_ready(&items(&findings)));
}

#[test]
fn each_preflight_is_judged_by_its_own_headers_and_the_line_names_those_asked_for() {
    let bearer_only = PreflightAnswer {
        status: 204,
        allow_origin: Some("*".into()),
        allow_methods: Some("GET".into()),
        allow_headers: Some("Authorization".into()),
    };
    let read = CorsCall {
        method: "GET",
        path: "/v2/settings/account-authentication".into(),
        headers: &["Authorization"],
        answer: Ok(bearer_only.clone()),
    };
    let cors = CorsFindings { origin: "https://shop.example".into(), calls: vec![read.clone()] };
    let line = items(&Findings { cors: Some(cors), ..ready() })[5].to_string();
    assert_eq!(line, "✓ CORS preflight from https://shop.example: 1 call (GET) with Authorization allowed");

    let member_read = CorsCall {
        path:
            "/v2/authentication-realms/r/user-authentication-info/u/user-authentication-password-profile-info"
                .into(),
        headers: &["Authorization", "EP-Account-Management-Authentication-Token"],
        ..read.clone()
    };
    let cors = CorsFindings { origin: "https://shop.example".into(), calls: vec![read, member_read] };
    let fails = fails(&Findings { cors: Some(cors), ..ready() });
    assert_eq!(fails.len(), 1, "{fails:?}");
    assert!(
        fails[0].contains("user-authentication-password-profile-info: Access-Control-Allow-Headers lacks EP-Account-Management-Authentication-Token"),
        "{fails:?}"
    );
}

#[test]
fn an_unset_self_management_mode_is_a_failure() {
    let lines = fails(&Findings { settings: settings(None, Some("r")), ..ready() });
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("✗ account_member_self_management is not set"));
}
