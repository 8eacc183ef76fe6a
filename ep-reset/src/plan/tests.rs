use serde_json::{Map, Value, json};

use super::*;

const URL: &str = "https://hooks.example/otp";

fn object(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn settings(mode: &str) -> Settings {
    Settings {
        realm_id: Some("realm-1".into()),
        self_management: Some(mode.into()),
        raw: object(
            json!({"id": "s1", "type": "account_authentication_settings", "enable_self_signup": true,
            "account_member_self_management": mode, "relationships": {"authentication_realm": {"data": {"id": "realm-1"}}},
            "meta": {"client_id": "account-management"}, "links": {"self": "x"}}),
        ),
    }
}

fn profile(id: &str, name: &str, otp: bool) -> Profile {
    Profile {
        id: id.into(),
        name: Some(name.into()),
        username_format: Some("email".into()),
        otp_enabled: otp,
        min_length: Some(10),
        raw: object(json!({"id": id, "type": "password_profile", "name": name, "username_format": "email",
            "enable_one_time_password_token": otp, "min_length": 10, "meta": {}})),
    }
}

fn webhook(id: &str, url: &str, secret: Option<&str>) -> Integration {
    let mut configuration = json!({"url": url});
    if let Some(secret) = secret {
        configuration["secret_key"] = json!(secret);
    }
    Integration {
        id: id.into(),
        name: Some("Mail".into()),
        enabled: true,
        integration_type: Some("webhook".into()),
        observes: vec![OTP_EVENT.into()],
        url: Some(url.into()),
        secret_key: secret.map(str::to_string),
        raw: object(
            json!({"id": id, "type": "integration", "name": "Mail", "enabled": true, "integration_type": "webhook",
            "observes": [OTP_EVENT], "configuration": configuration}),
        ),
    }
}

fn fresh() -> StoreState {
    StoreState {
        settings: settings("disabled"),
        profiles: vec![profile("p1", "Main", false)],
        integrations: vec![],
        test_user: None,
    }
}

fn set_up() -> StoreState {
    StoreState {
        settings: settings("update_only"),
        profiles: vec![profile("p1", "Main", true)],
        integrations: vec![webhook("i1", URL, None)],
        test_user: None,
    }
}

fn request() -> Request<'static> {
    Request { webhook_url: URL, profile_name: None, webhook_secret: None, rotate_secret: false }
}

fn writes(plan: &Plan) -> Vec<Write> {
    plan.steps
        .iter()
        .flat_map(|s| match &s.outcome {
            Outcome::Change { writes, .. } => writes.clone(),
            _ => vec![],
        })
        .collect()
}

#[test]
fn a_fresh_store_needs_three_writes_and_a_set_up_one_none() {
    let plan = plan(&fresh(), &request()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.write_count(), 3, "{plan:#?}");
    assert_eq!(plan.profile, Ref::Existing("p1".into()));
    let again = super::plan(&set_up(), &request()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.write_count(), 0, "{again:#?}");
    assert!(again.warnings.is_empty());
}

#[test]
fn the_settings_put_carries_the_whole_object_without_read_only_members() {
    let plan = plan(&fresh(), &request()).unwrap_or_else(|e| panic!("{e}"));
    let Some(Write::PutSettings { body }) = writes(&plan).into_iter().next() else { panic!("{plan:#?}") };
    assert_eq!(
        body,
        json!({"data": {"type": "account_authentication_settings", "enable_self_signup": true,
            "account_member_self_management": "update_only"}})
    );
}

#[test]
fn without_a_name_the_realms_only_profile_is_enabled_and_keeps_its_fields() {
    let plan = plan(&fresh(), &request()).unwrap_or_else(|e| panic!("{e}"));
    let Some(Write::PutProfile { id, body }) = writes(&plan).into_iter().nth(1) else { panic!("{plan:#?}") };
    assert_eq!(id, "p1");
    assert_eq!(
        body,
        json!({"data": {"type": "password_profile", "name": "Main", "username_format": "email",
            "enable_one_time_password_token": true, "min_length": 10}})
    );
}

#[test]
fn an_enabled_profile_is_reused_whatever_its_name() {
    let state =
        StoreState { profiles: vec![profile("p1", "Main", false), profile("p2", "Other", true)], ..fresh() };
    let plan = plan(&state, &request()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.profile, Ref::Existing("p2".into()));
    assert!(matches!(plan.steps[1].outcome, Outcome::Unchanged(_)));
}

#[test]
fn with_several_disabled_profiles_the_default_name_is_enabled_or_created() {
    let many = vec![profile("p1", "A", false), profile("p2", DEFAULT_PROFILE_NAME, false)];
    let plan1 = plan(&StoreState { profiles: many, ..fresh() }, &request()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan1.profile, Ref::Existing("p2".into()));
    let none_named = vec![profile("p1", "A", false), profile("p2", "B", false)];
    let plan2 =
        plan(&StoreState { profiles: none_named, ..fresh() }, &request()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan2.profile, Ref::Created);
    let Some(Write::CreateProfile { body }) = writes(&plan2).into_iter().nth(1) else { panic!("{plan2:#?}") };
    assert_eq!(body["data"]["name"], json!(DEFAULT_PROFILE_NAME));
    assert_eq!(body["data"]["username_format"], json!("email"));
    assert_eq!(body["data"]["enable_one_time_password_token"], json!(true));
}

#[test]
fn a_named_profile_is_reused_enabled_or_created() {
    let state =
        StoreState { profiles: vec![profile("p1", "Main", true), profile("p2", "Reset", false)], ..set_up() };
    let named = |name| Request { profile_name: Some(name), ..request() };
    let enable = plan(&state, &named("Reset")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(enable.profile, Ref::Existing("p2".into()));
    assert!(matches!(writes(&enable).first(), Some(Write::PutProfile { id, .. }) if id == "p2"));
    let reuse = plan(&state, &named("Main")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reuse.write_count(), 0);
    let create = plan(&state, &named("New")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(create.profile, Ref::Created);
    assert!(
        matches!(writes(&create).first(), Some(Write::CreateProfile { body }) if body["data"]["name"] == json!("New"))
    );
}

#[test]
fn a_profile_without_name_or_format_gets_them_when_enabled() {
    let mut bare = profile("p1", "x", false);
    bare.name = None;
    bare.username_format = None;
    bare.raw = object(json!({"id": "p1", "name": null}));
    let plan =
        plan(&StoreState { profiles: vec![bare], ..fresh() }, &request()).unwrap_or_else(|e| panic!("{e}"));
    let Some(Write::PutProfile { body, .. }) = writes(&plan).into_iter().nth(1) else { panic!("{plan:#?}") };
    assert_eq!(body["data"]["name"], json!(DEFAULT_PROFILE_NAME));
    assert_eq!(body["data"]["username_format"], json!("email"));
}

#[test]
fn a_new_test_user_gets_a_user_and_a_credential_an_existing_one_only_what_is_missing() {
    let test = |user: Option<User>, credentials: Vec<Credential>| TestUser {
        email: "t@shop.example".into(),
        user,
        credentials,
    };
    let state = |t| StoreState { test_user: Some(t), ..set_up() };
    let new = plan(&state(test(None, vec![])), &request()).unwrap_or_else(|e| panic!("{e}"));
    let steps = writes(&new);
    assert!(
        matches!(&steps[0], Write::CreateUser { body } if body["data"]["email"] == json!("t@shop.example") && body["data"]["name"] == json!("t"))
    );
    assert_eq!(
        steps[1],
        Write::CreateCredential {
            user: Ref::Created,
            profile: Ref::Existing("p1".into()),
            username: "t@shop.example".into()
        }
    );
    assert_eq!(
        steps[1].path("realm-1", Some("u9")),
        "/v2/authentication-realms/realm-1/user-authentication-info/u9/user-authentication-password-profile-info"
    );

    let user = User { id: "u1".into(), email: Some("t@shop.example".into()) };
    let other_profile =
        Credential { id: "c0".into(), password_profile_id: Some("p0".into()), username: None };
    let missing = plan(&state(test(Some(user.clone()), vec![other_profile])), &request())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        writes(&missing),
        vec![Write::CreateCredential {
            user: Ref::Existing("u1".into()),
            profile: Ref::Existing("p1".into()),
            username: "t@shop.example".into()
        }]
    );

    let has = Credential {
        id: "c1".into(),
        password_profile_id: Some("p1".into()),
        username: Some("t@shop.example".into()),
    };
    let done = plan(&state(test(Some(user), vec![has])), &request()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.write_count(), 0);
}

#[test]
fn without_test_user_the_step_is_skipped() {
    let plan = plan(&set_up(), &request()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(plan.steps[2].outcome, Outcome::Skipped(_)));
}

#[test]
fn a_new_integration_is_an_enabled_webhook_for_the_event_and_the_secret_is_added_only_when_run() {
    let secret = Secret::new("hook-secret".to_string());
    let with = Request { webhook_secret: Some(&secret), ..request() };
    let plan = plan(&fresh(), &with).unwrap_or_else(|e| panic!("{e}"));
    let Some(Write::CreateIntegration { body, with_secret }) = writes(&plan).into_iter().nth(2) else {
        panic!("{plan:#?}")
    };
    assert!(with_secret);
    assert_eq!(
        body,
        json!({"data": {"type": "integration", "name": INTEGRATION_NAME, "description": INTEGRATION_DESCRIPTION,
            "enabled": true, "integration_type": "webhook", "observes": [OTP_EVENT], "configuration": {"url": URL}}})
    );
    assert!(!format!("{plan:?}").contains("hook-secret"), "the plan never holds the secret");
    let sent = with_secret_key(body, &secret);
    assert_eq!(sent["data"]["configuration"], json!({"url": URL, "secret_key": "hook-secret"}));
}

#[test]
fn the_integration_at_the_url_is_fixed_in_place() {
    let mut disabled = webhook("i1", URL, None);
    disabled.enabled = false;
    disabled.raw.insert("enabled".into(), json!(false));
    disabled.observes = vec!["order.created".into()];
    disabled.raw.insert("observes".into(), json!(["order.created"]));
    let plan = plan(&StoreState { integrations: vec![disabled], ..set_up() }, &request())
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(Write::PutIntegration { id, body, with_secret }) = writes(&plan).into_iter().next() else {
        panic!("{plan:#?}")
    };
    assert_eq!((id.as_str(), with_secret), ("i1", false));
    assert_eq!(body["data"]["enabled"], json!(true));
    assert_eq!(body["data"]["observes"], json!(["order.created", OTP_EVENT]));
    assert_eq!(body["data"]["name"], json!("Mail"), "its name is kept");
}

#[test]
fn the_secret_is_compared_and_only_a_different_one_is_written() {
    let secret = Secret::new("s1".to_string());
    let with = Request { webhook_secret: Some(&secret), ..request() };
    let same = StoreState { integrations: vec![webhook("i1", URL, Some("s1"))], ..set_up() };
    assert_eq!(plan(&same, &with).map(|p| p.write_count()), Ok(0));
    let other = StoreState { integrations: vec![webhook("i1", URL, Some("old"))], ..set_up() };
    let plan = plan(&other, &with).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(writes(&plan).as_slice(), [Write::PutIntegration { with_secret: true, .. }]));
}

#[test]
fn a_hidden_secret_is_left_alone_with_a_warning_unless_rotation_is_asked_for() {
    let secret = Secret::new("s1".to_string());
    let with = Request { webhook_secret: Some(&secret), ..request() };
    // The store answers without `configuration.secret_key`: it may hide it.
    let hidden = StoreState { integrations: vec![webhook("i1", URL, None)], ..set_up() };
    let kept = plan(&hidden, &with).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kept.write_count(), 0, "a second run writes nothing: {kept:#?}");
    assert!(matches!(&kept.steps[3].outcome, Outcome::Unchanged(_)), "{kept:#?}");
    assert_eq!(kept.warnings.len(), 1, "{:?}", kept.warnings);
    assert!(kept.warnings[0].contains("does not show the secret key of integration \"Mail\" (i1)"));
    assert!(kept.warnings[0].contains("--rotate-secret"), "{:?}", kept.warnings);

    let rotate = Request { rotate_secret: true, ..with };
    let rotated = plan(&hidden, &rotate).unwrap_or_else(|e| panic!("{e}"));
    assert!(rotated.warnings.is_empty(), "{:?}", rotated.warnings);
    let rotated_writes = writes(&rotated);
    let [Write::PutIntegration { id, body, with_secret: true }] = rotated_writes.as_slice() else {
        panic!("{rotated:#?}")
    };
    assert_eq!(id, "i1");
    assert_eq!(body["data"]["enabled"], json!(true));
    assert!(
        matches!(&rotated.steps[3].outcome, Outcome::Change { summary, .. } if summary.contains("set its secret key")),
        "{rotated:#?}"
    );
}

#[test]
fn a_fix_to_an_integration_with_a_hidden_secret_does_not_write_the_secret() {
    let secret = Secret::new("s1".to_string());
    let with = Request { webhook_secret: Some(&secret), ..request() };
    let mut disabled = webhook("i1", URL, None);
    disabled.enabled = false;
    let fixed = plan(&StoreState { integrations: vec![disabled], ..set_up() }, &with)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(writes(&fixed).as_slice(), [Write::PutIntegration { with_secret: false, .. }]));
    assert_eq!(fixed.warnings.len(), 1, "{:?}", fixed.warnings);
}

#[test]
fn a_rotation_is_not_needed_where_the_shown_secret_already_matches() {
    let secret = Secret::new("s1".to_string());
    let rotate = Request { webhook_secret: Some(&secret), rotate_secret: true, ..request() };
    let same = StoreState { integrations: vec![webhook("i1", URL, Some("s1"))], ..set_up() };
    assert_eq!(plan(&same, &rotate).map(|p| p.write_count()), Ok(0));
}

#[test]
fn our_integration_is_repointed_with_the_secret_only_when_it_may_differ() {
    let secret = Secret::new("s1".to_string());
    let with = Request { webhook_secret: Some(&secret), ..request() };
    let ours = |key| Integration {
        name: Some(INTEGRATION_NAME.into()),
        ..webhook("i1", "https://old.example/hook", key)
    };
    let repoint = |key, request: &Request<'_>| {
        let plan = plan(&StoreState { integrations: vec![ours(key)], ..set_up() }, request)
            .unwrap_or_else(|e| panic!("{e}"));
        match writes(&plan).as_slice() {
            [Write::PutIntegration { with_secret, .. }] => (*with_secret, plan.warnings.len()),
            other => panic!("{other:#?}"),
        }
    };
    assert_eq!(repoint(Some("old"), &with), (true, 0), "a shown, different key is replaced");
    assert_eq!(repoint(Some("s1"), &with), (false, 0), "a shown, equal key is kept as it is");
    assert_eq!(repoint(None, &with), (false, 1), "a hidden key is left alone, with a warning");
    assert_eq!(repoint(None, &Request { rotate_secret: true, ..with }), (true, 0));
}

#[test]
fn our_integration_is_repointed_and_others_are_reported() {
    let mut ours = webhook("i1", "https://old.example/hook", None);
    ours.name = Some(INTEGRATION_NAME.into());
    let theirs = webhook("i2", "https://legacy.example/mail", None);
    let plan = plan(&StoreState { integrations: vec![ours, theirs], ..set_up() }, &request())
        .unwrap_or_else(|e| panic!("{e}"));
    let Some(Write::PutIntegration { id, body, .. }) = writes(&plan).into_iter().next() else {
        panic!("{plan:#?}")
    };
    assert_eq!(id, "i1");
    assert_eq!(body["data"]["configuration"]["url"], json!(URL));
    assert_eq!(plan.warnings.len(), 1);
    assert!(plan.warnings[0].contains("(i2) also observes"), "{:?}", plan.warnings);
}

#[test]
fn a_store_without_a_realm_cannot_be_planned() {
    let mut state = fresh();
    state.settings.realm_id = None;
    assert_eq!(plan(&state, &request()), Err(PlanError::NoRealm));
}
