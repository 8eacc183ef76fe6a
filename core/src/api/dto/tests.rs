use serde_json::{Value, json};

use super::*;

fn id(value: &str) -> ResourceId {
    ResourceId::parse(value).expect("test id")
}

fn to_value<T: Serialize>(body: &T) -> Value {
    serde_json::to_value(body).expect("serializable")
}

#[test]
fn implicit_form_fields() {
    assert_eq!(implicit_token_form("abc"), [("grant_type", "implicit"), ("client_id", "abc")]);
}

#[test]
fn implicit_token_top_level_and_wrapped() {
    let flat = r#"{"access_token":"xa35","token_type":"Bearer","identifier":"implicit","expires_in":3600,"expires":1524486008,"extra":1}"#;
    let wrapped = r#"{"data":{"access_token":"xa35","token_type":"Bearer","identifier":"implicit","expires_in":3600,"expires":1524486008}}"#;
    let expected = ImplicitTokenResponse {
        access_token: Secret::new("xa35".into()),
        token_type: Some("Bearer".into()),
        expires: Some(1_524_486_008),
        expires_in: Some(3600),
        identifier: Some("implicit".into()),
    };
    for body in [flat, wrapped] {
        let parsed: ImplicitTokenResponse = serde_json::from_str(body).expect("parses");
        assert_eq!(parsed, expected);
        assert!(!format!("{parsed:?}").contains("xa35"));
    }
    let minimal: ImplicitTokenResponse = serde_json::from_str(r#"{"access_token":"t"}"#).expect("parses");
    assert_eq!(minimal.expires, None);
    assert!(serde_json::from_str::<ImplicitTokenResponse>(r#"{"token_type":"Bearer"}"#).is_err());
}

#[test]
fn otp_request_body_exact() {
    assert_eq!(
        to_value(&OtpRequestBody::reset_password("john.doe@banks.com")),
        json!({"data":{"type":"one_time_password_token_request","username":"john.doe@banks.com","purpose":"reset_password"}})
    );
}

#[test]
fn exchange_request_body_exact_and_redacted_in_debug() {
    let body = AmTokenRequest::passwordless(&id("prof-1"), "john.doe", &Secret::new("lprvj4".into()));
    assert_eq!(
        to_value(&body),
        json!({"data":{"type":"account_management_authentication_token","authentication_mechanism":"passwordless",
                       "password_profile_id":"prof-1","username":"john.doe","one_time_password_token":"lprvj4"}})
    );
    assert!(!format!("{body:?}").contains("lprvj4"));
}

#[test]
fn exchange_response_documented_shape() {
    let body = r#"{ "data": [
        { "type": "account_management_authentication_token", "account_id": "acc-1", "account_name": "Bluefuse",
          "token": "eyJ.a.b", "expires": "2024-06-27T23:45:24.070Z" } ],
      "meta": { "account_member_id": "member-1", "page": { "limit": 25, "current": 0, "offset": 0, "total": 1 }, "results": { "total": 1 } },
      "links": { "current": "x", "next": null } }"#;
    let parsed: AmTokenResponse = serde_json::from_str(body).expect("parses");
    assert_eq!(parsed.first_token().map(|t| t.expose().as_str()), Some("eyJ.a.b"));
    assert_eq!(parsed.account_member_id(), Some("member-1"));
    assert_eq!(parsed.data.first().and_then(|d| d.account_name.as_deref()), Some("Bluefuse"));
}

#[test]
fn exchange_response_lenient() {
    let empty: AmTokenResponse =
        serde_json::from_str(r#"{"data":[],"meta":{"account_member_id":"m"}}"#).expect("parses");
    assert_eq!(empty.first_token(), None);
    let no_meta: AmTokenResponse =
        serde_json::from_str(r#"{"data":[{"token":""},{"token":"t2"}]}"#).expect("parses");
    assert_eq!(no_meta.account_member_id(), None);
    assert_eq!(no_meta.first_token().map(|t| t.expose().as_str()), Some("t2"));
    assert!(serde_json::from_str::<AmTokenResponse>(r#"{"meta":{}}"#).is_err());
}

#[test]
fn credential_list_and_match() {
    let body = r#"{"data":[
        {"id":"u-1","type":"user_authentication_password_profile_info","username":"a","password_profile_id":"OTHER"},
        {"id":"u-2","type":"user_authentication_password_profile_info","username":"a","password_profile_id":"PROF-1",
         "meta":{"created_at":"x"}}],
      "meta":{"page":{"limit":25}},"links":{}}"#;
    let list: PasswordProfileInfoList = serde_json::from_str(body).expect("parses");
    assert_eq!(list.for_profile(&id("prof-1")).map(|i| i.id.as_str()), Some("u-2"));
    assert_eq!(list.for_profile(&id("nope")), None);
    let one: PasswordProfileInfoResponse =
        serde_json::from_str(r#"{"data":{"id":"u-2"},"links":{"self":"x"}}"#).expect("parses");
    assert_eq!(one.data.id, "u-2");
}

#[test]
fn password_update_body_exact() {
    let body = PasswordUpdateBody::new(
        &id("uappi-1"),
        &id("prof-1"),
        "john.doe",
        &Secret::new(" pässwörd 🦆 ".into()),
    );
    assert_eq!(
        to_value(&body),
        json!({"data":{"id":"uappi-1","type":"user_authentication_password_profile_info","password_profile_id":"prof-1",
                       "username":"john.doe","password":" pässwörd 🦆 "}})
    );
    assert!(!format!("{body:?}").contains("pässwörd"));
}

#[test]
fn settings_realm_id() {
    let body = r#"{ "data": { "id": "s", "type": "account_authentication_settings", "enable_self_signup": true,
        "account_member_self_management": "update_only",
        "relationships": { "authentication_realm": { "data": { "id": "realm-1", "type": "authentication_realm", "links": {} } } },
        "meta": { "client_id": "account-management" } } }"#;
    let parsed: AccountAuthenticationSettingsResponse = serde_json::from_str(body).expect("parses");
    assert_eq!(parsed.data.realm_id(), Some("realm-1"));
    assert_eq!(parsed.data.account_member_self_management.as_deref(), Some("update_only"));
    let bare: AccountAuthenticationSettingsResponse = serde_json::from_str(r#"{"data":{}}"#).expect("parses");
    assert_eq!(bare.data.realm_id(), None);
}

#[test]
fn password_profiles() {
    let body = r#"{"data":[
        {"id":"p1","type":"password_profile","name":"a","username_format":"email","enable_one_time_password_token":true,"meta":{}},
        {"id":"p2","username_format":"any"},
        {"id":"p3","username_format":"something_new"}]}"#;
    let parsed: PasswordProfileList = serde_json::from_str(body).expect("parses");
    let formats: Vec<_> =
        parsed.data.iter().map(|p| (p.username_format, p.enable_one_time_password_token)).collect();
    assert_eq!(
        formats,
        [(UsernameFormat::Email, true), (UsernameFormat::Any, false), (UsernameFormat::Any, false)]
    );
}
