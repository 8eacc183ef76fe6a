use serde_json::{Value, json};

use super::*;

/// Elastic Path's example envelope, byte for byte as its guide shows it.
const SEED_EXAMPLE: &str = include_str!("../../../tests/fixtures/seed-envelope.json");

fn seed() -> Value {
    serde_json::from_str(SEED_EXAMPLE).expect("the fixture is JSON")
}

fn notification(body: &Value) -> Notification {
    match parse(body) {
        Ok(Envelope::Notification(notification)) => *notification,
        other => panic!("expected a notification, got {other:?}"),
    }
}

fn refusal(body: &Value) -> EnvelopeError {
    match parse(body) {
        Err(error) => error,
        other => panic!("expected an error, got {other:?}"),
    }
}

/// `seed()` with the value at `path` (object keys) replaced, or removed when `value` is `None`.
fn with(path: &[&str], value: Option<Value>) -> Value {
    let mut body = seed();
    let (last, parents) = path.split_last().expect("a path");
    let mut object = &mut body;
    for key in parents {
        object = object.get_mut(*key).expect("the path exists");
    }
    let map = object.as_object_mut().expect("an object");
    match value {
        Some(value) => map.insert((*last).to_string(), value),
        None => map.remove(*last),
    };
    body
}

#[test]
fn the_seed_example_is_accepted_as_is() {
    let parsed = notification(&seed());
    assert_eq!(
        parsed,
        Notification {
            envelope_id: "31ca9869-...".into(),
            attempt: None,
            created_at: Some("2023-09-05T14:53:01.584+00:00".into()),
            email: "john.doe@banks.com".into(),
            name: Some("John Doe".into()),
            username: "john.doe@banks.com".into(),
            code: "lprvj4".into(),
            password_profile_id: Some("9a44bb7e-...".into()),
            authentication_realm_id: Some("063623f1-...".into()),
            credential_id: Some("d63be373-...".into()),
            locale: None,
        }
    );
}

#[test]
fn the_sandbox_shape_with_attempt_is_accepted() {
    let body = json!({
        "id": "e1", "store_id": "s", "triggered_by": OTP_CREATED, "attempt": 3,
        "integration": {"id": "i", "integration_type": "webhook", "name": "n", "description": ""},
        "payload": {
            "authentication_realm_id": "r", "created_at": "2024-06-27T23:45:24Z", "updated_at": "2024-06-27T23:45:24Z",
            "one_time_password_token": "abc123", "password_profile_id": "p", "purpose": "reset_password",
            "user_authentication_info": {"email": "ada@example.com", "id": "u", "name": "Ada Lovelace"},
            "user_authentication_password_profile_info": {"id": "c", "password_profile_id": "p", "username": "ada@example.com"}
        },
        "configuration": {"url": "http://127.0.0.1:1/x"}
    });
    let parsed = notification(&body);
    assert_eq!(parsed.attempt, Some(3));
    assert_eq!(parsed.code, "abc123");
    assert_eq!(parsed.credential_id.as_deref(), Some("c"));
}

#[test]
fn missing_fields_are_named() {
    let cases: &[(&[&str], &str)] = &[
        (&["id"], "id"),
        (&["triggered_by"], "triggered_by"),
        (&["payload"], "payload"),
        (&["payload", "one_time_password_token"], "payload.one_time_password_token"),
        (&["payload", "user_authentication_info"], "payload.user_authentication_info"),
        (&["payload", "user_authentication_info", "email"], "payload.user_authentication_info.email"),
        (
            &["payload", "user_authentication_password_profile_info"],
            "payload.user_authentication_password_profile_info",
        ),
        (
            &["payload", "user_authentication_password_profile_info", "username"],
            "payload.user_authentication_password_profile_info.username",
        ),
    ];
    for (path, field) in cases {
        for absent in [None, Some(Value::Null), Some(json!(""))] {
            let body = with(path, absent.clone());
            let refused = refusal(&body);
            assert_eq!(refused.field, *field, "{path:?} as {absent:?}");
            assert!(
                matches!(refused.problem, Problem::Missing | Problem::WrongType(_)),
                "{path:?} as {absent:?}: {refused}"
            );
        }
    }
    let blank_code = with(&["payload", "one_time_password_token"], Some(json!("   ")));
    assert_eq!(refusal(&blank_code).problem, Problem::Missing);
}

#[test]
fn optional_fields_may_be_missing() {
    let mut body = seed();
    let payload = body["payload"].as_object_mut().expect("payload");
    for key in ["authentication_realm_id", "created_at", "updated_at", "password_profile_id", "purpose"] {
        payload.remove(key);
    }
    payload["user_authentication_info"].as_object_mut().expect("user").remove("name");
    let credential =
        payload["user_authentication_password_profile_info"].as_object_mut().expect("credential");
    credential.remove("id");
    credential.remove("password_profile_id");
    let parsed = notification(&body);
    assert_eq!(parsed.name, None);
    assert_eq!(parsed.created_at, None);
    assert_eq!(
        (parsed.password_profile_id, parsed.authentication_realm_id, parsed.credential_id),
        (None, None, None)
    );
}

#[test]
fn the_credentials_profile_stands_in_for_a_missing_top_level_one() {
    let body = with(&["payload", "password_profile_id"], None);
    assert_eq!(notification(&body).password_profile_id.as_deref(), Some("9a44bb7e-..."));
}

#[test]
fn wrong_types_are_refused() {
    let cases: &[(&[&str], Value, &str)] = &[
        (&["id"], json!(42), "id"),
        (&["attempt"], json!("2"), "attempt"),
        (&["attempt"], json!(-1), "attempt"),
        (&["payload"], json!("{}"), "payload"),
        (&["payload", "one_time_password_token"], json!(123456), "payload.one_time_password_token"),
        (&["payload", "user_authentication_info"], json!([]), "payload.user_authentication_info"),
        (
            &["payload", "user_authentication_info", "email"],
            json!(["a@b.c"]),
            "payload.user_authentication_info.email",
        ),
        (
            &["payload", "user_authentication_info", "name"],
            json!({"first": "John"}),
            "payload.user_authentication_info.name",
        ),
        (&["payload", "password_profile_id"], json!(7), "payload.password_profile_id"),
        (&["payload", "authentication_realm_id"], json!(true), "payload.authentication_realm_id"),
        (&["payload", "created_at"], json!(1_693_925_581), "payload.created_at"),
        (
            &["payload", "user_authentication_password_profile_info", "id"],
            json!({}),
            "payload.user_authentication_password_profile_info.id",
        ),
    ];
    for (path, value, field) in cases {
        let refused = refusal(&with(path, Some(value.clone())));
        assert_eq!(refused.field, *field, "{path:?} = {value}");
        assert!(matches!(refused.problem, Problem::WrongType(_)), "{path:?} = {value}: {refused}");
    }
    assert_eq!(refusal(&json!([1, 2])).field, "the body");
    assert_eq!(refusal(&json!({"triggered_by": 5})).field, "triggered_by");
}

#[test]
fn overlong_values_are_refused() {
    let cases: &[(&[&str], usize, &str)] = &[
        (&["id"], 129, "id"),
        (&["payload", "one_time_password_token"], 129, "payload.one_time_password_token"),
        (
            &["payload", "user_authentication_password_profile_info", "username"],
            257,
            "payload.user_authentication_password_profile_info.username",
        ),
        (&["payload", "authentication_realm_id"], 129, "payload.authentication_realm_id"),
    ];
    for (path, length, field) in cases {
        let refused = refusal(&with(path, Some(json!("x".repeat(*length)))));
        assert_eq!(refused.field, *field);
        assert!(matches!(refused.problem, Problem::TooLong(_)), "{field}: {refused}");
    }
    let long_address = format!("{}@example.com", "a".repeat(250));
    let refused =
        refusal(&with(&["payload", "user_authentication_info", "email"], Some(json!(long_address))));
    assert_eq!(refused.problem, Problem::TooLong(254));
    // At the limit is fine.
    let at_limit = with(&["payload", "one_time_password_token"], Some(json!("x".repeat(128))));
    assert_eq!(notification(&at_limit).code.len(), 128);
}

#[test]
fn addresses_codes_and_ids_are_checked_for_characters() {
    for bad in ["john.doe", "john doe@banks.com", "@banks.com", "john@"] {
        let refused = refusal(&with(&["payload", "user_authentication_info", "email"], Some(json!(bad))));
        assert_eq!(refused.problem, Problem::NotAnAddress, "{bad}");
    }
    let code = refusal(&with(&["payload", "one_time_password_token"], Some(json!("lpr vj4"))));
    assert_eq!(code.problem, Problem::BadCharacters);
    let username = with(
        &["payload", "user_authentication_password_profile_info", "username"],
        Some(json!("john\r\nBcc: x@evil.example")),
    );
    assert_eq!(refusal(&username).problem, Problem::BadCharacters);
}

#[test]
fn a_hostile_name_is_kept_on_one_line_and_a_blank_one_is_no_name() {
    let hostile = with(
        &["payload", "user_authentication_info", "name"],
        Some(json!("<script>alert(1)</script>\r\nBcc: x@evil.example")),
    );
    assert_eq!(notification(&hostile).name.as_deref(), Some("<script>alert(1)</script> Bcc: x@evil.example"));
    let blank = with(&["payload", "user_authentication_info", "name"], Some(json!(" \t \u{200B}")));
    assert_eq!(notification(&blank).name, None);
    let long = with(&["payload", "user_authentication_info", "name"], Some(json!("n".repeat(10_000))));
    assert_eq!(notification(&long).name.map(|n| n.chars().count()), Some(257), "cut, not refused");
}

#[test]
fn other_events_and_purposes_are_ignored_not_refused() {
    let other = with(&["triggered_by"], Some(json!("account-member.created")));
    assert_eq!(
        parse(&other),
        Ok(Envelope::Ignored {
            envelope_id: Some("31ca9869-...".into()),
            reason: Ignored::OtherEvent("account-member.created".into()),
        })
    );
    // Another event's payload is none of our business: no field of it is checked.
    let bare = json!({"triggered_by": "order.created", "payload": 5});
    assert!(matches!(parse(&bare), Ok(Envelope::Ignored { envelope_id: None, .. })));
    let sign_in = with(&["payload", "purpose"], Some(json!("passwordless_authentication")));
    assert!(matches!(
        parse(&sign_in),
        Ok(Envelope::Ignored { reason: Ignored::OtherPurpose(ref p), .. }) if p == "passwordless_authentication"
    ));
}

#[test]
fn errors_name_the_field_and_never_the_value() {
    let body = with(&["payload", "one_time_password_token"], Some(json!("lprvj4 secret")));
    let message = refusal(&body).to_string();
    assert_eq!(message, "payload.one_time_password_token contains characters it may not");
    assert!(!message.contains("lprvj4"));
}

#[test]
fn debug_hides_the_code_and_the_address() {
    let shown = format!("{:?}", notification(&seed()));
    assert!(!shown.contains("lprvj4"), "{shown}");
    assert!(!shown.contains("john.doe@banks.com"), "{shown}");
    assert!(shown.contains("j***@banks.com"));
}
