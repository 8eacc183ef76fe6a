use serde_json::{Value, json};

use super::*;
use crate::api::json::{JsonError, Kind, Problem};

fn unreadable(answer: Answer, field: Field, problem: Problem) -> JsonError {
    JsonError { answer, field, problem }
}

fn wrong(answer: Answer, field: Field, expected: Kind, found: Kind) -> JsonError {
    unreadable(answer, field, Problem::WrongType { expected, found })
}

fn id(value: &str) -> ResourceId {
    ResourceId::parse(value).expect("test id")
}

fn sent(body: &str) -> Value {
    serde_json::from_str(body).expect("a request body is JSON")
}

#[test]
fn implicit_form_fields() {
    assert_eq!(implicit_token_form("abc").as_deref(), Some("grant_type=implicit&client_id=abc"));
    assert_eq!(implicit_token_form("a b&c=d").as_deref(), Some("grant_type=implicit&client_id=a+b%26c%3Dd"));
}

#[test]
fn implicit_token_top_level_and_wrapped() {
    let flat = r#"{"access_token":"xa35","token_type":"Bearer","identifier":"implicit","expires_in":3600,"expires":1524486008,"extra":1}"#;
    let wrapped = r#"{"data":{"access_token":"xa35","token_type":"Bearer","identifier":"implicit","expires_in":3600,"expires":1524486008}}"#;
    let expected = ImplicitTokenResponse {
        access_token: Secret::new("xa35".into()),
        expires: Some(1_524_486_008),
        expires_in: Some(3600),
    };
    for body in [flat, wrapped] {
        let parsed = ImplicitTokenResponse::parse(body).expect("parses");
        assert_eq!(parsed, expected);
        assert!(!format!("{parsed:?}").contains("xa35"));
    }
    let minimal = ImplicitTokenResponse::parse(r#"{"access_token":"t"}"#).expect("parses");
    assert_eq!(minimal.expires, None);
    assert_eq!(
        ImplicitTokenResponse::parse(r#"{"token_type":"Bearer"}"#),
        Err(unreadable(Answer::ImplicitToken, Field::AccessToken, Problem::Missing))
    );
}

#[test]
fn implicit_token_lifetimes_of_an_odd_type_read_as_unknown() {
    let odd = ImplicitTokenResponse::parse(
        r#"{"access_token":"t","token_type":null,"identifier":7,"expires":"1524486008","expires_in":3600.5}"#,
    )
    .expect("parses");
    assert_eq!((odd.expires, odd.expires_in), (None, None));
}

#[test]
fn otp_request_body_exact_in_both_spellings() {
    assert_eq!(
        sent(&OtpRequestBody::reset_password("john.doe@banks.com", OtpRequestType::Underscores).to_json()),
        json!({"data":{"type":"one_time_password_token_request","username":"john.doe@banks.com","purpose":"reset_password"}})
    );
    assert_eq!(
        sent(&OtpRequestBody::reset_password("john.doe@banks.com", OtpRequestType::Hyphens).to_json()),
        json!({"data":{"type":"one-time-password-token-request","username":"john.doe@banks.com","purpose":"reset_password"}})
    );
    assert_eq!(OtpRequestType::default(), OtpRequestType::Underscores);
    assert_eq!(OtpRequestType::Underscores.other(), OtpRequestType::Hyphens);
    assert_eq!(OtpRequestType::Hyphens.other(), OtpRequestType::Underscores);
}

#[test]
fn exchange_request_body_exact_and_redacted_in_debug() {
    let body = AmTokenRequest::passwordless(&id("prof-1"), "john.doe", &Secret::new("lprvj4".into()));
    assert_eq!(
        sent(&body.to_json()),
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
    let parsed = AmTokenResponse::parse(body).expect("parses");
    assert_eq!(parsed.first_token().map(|t| t.expose().as_str()), Some("eyJ.a.b"));
    assert_eq!(parsed.account_member_id(), Some("member-1"));
}

#[test]
fn exchange_response_lenient() {
    let empty = AmTokenResponse::parse(r#"{"data":[],"meta":{"account_member_id":"m"}}"#).expect("parses");
    assert_eq!(empty.first_token(), None);
    let no_meta = AmTokenResponse::parse(r#"{"data":[{"token":""},{"token":"t2"}]}"#).expect("parses");
    assert_eq!(no_meta.account_member_id(), None);
    assert_eq!(no_meta.first_token().map(|t| t.expose().as_str()), Some("t2"));
    assert_eq!(
        AmTokenResponse::parse(r#"{"meta":{}}"#),
        Err(unreadable(Answer::AccountMemberTokens, Field::Data, Problem::Missing))
    );
    let null_data = AmTokenResponse::parse(r#"{"data":null,"meta":null}"#).expect("parses");
    assert_eq!((null_data.first_token(), null_data.account_member_id()), (None, None));
    let odd_member =
        AmTokenResponse::parse(r#"{"data":[{"token":"t"}],"meta":{"account_member_id":5}}"#).expect("parses");
    assert_eq!(odd_member.account_member_id(), None);
}

#[test]
fn credential_list_reads_only_id_username_and_profile() {
    let body = r#"{"data":[
        {"id":"u-1","type":"user_authentication_password_profile_info","username":"a","password_profile_id":"OTHER"},
        {"id":"u-2","type":5,"username":null,"password_profile_id":"PROF-1","meta":{"created_at":"x"}},
        null],
      "meta":{"page":{"limit":25}},"links":{}}"#;
    let list = PasswordProfileInfoList::parse(body).expect("parses");
    assert_eq!(
        list.data,
        [
            PasswordProfileInfo {
                id: Some("u-1".into()),
                username: Some("a".into()),
                password_profile_id: Some("OTHER".into())
            },
            PasswordProfileInfo {
                id: Some("u-2".into()),
                username: None,
                password_profile_id: Some("PROF-1".into())
            },
        ]
    );
    let null_list = PasswordProfileInfoList::parse(r#"{"data":null}"#).expect("parses");
    assert!(null_list.data.is_empty());
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
        sent(&body.to_json()),
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
    let parsed = AccountAuthenticationSettingsResponse::parse(body).expect("parses");
    assert_eq!(parsed.data.realm_id(), Some("realm-1"));
    for bare in [
        r#"{"data":{}}"#,
        r#"{"data":{"relationships":null}}"#,
        r#"{"data":{"relationships":{"authentication_realm":{"data":{"id":7}}}}}"#,
        r#"{"data":{"account_member_self_management":false,"relationships":[]}}"#,
    ] {
        let parsed = AccountAuthenticationSettingsResponse::parse(bare).expect("parses");
        assert_eq!(parsed.data.realm_id(), None, "{bare}");
    }
}

#[test]
fn password_profiles() {
    let body = r#"{"data":[
        {"id":"p1","type":"password_profile","name":"a","username_format":"email","enable_one_time_password_token":true,"meta":{}},
        {"id":"p2","username_format":"any"},
        {"id":"p3","username_format":"something_new","min_length":10}]}"#;
    let parsed = PasswordProfileList::parse(body).expect("parses");
    let read: Vec<_> =
        parsed.data.iter().map(|p| (p.username_format, p.otp_enabled(), p.min_length)).collect();
    assert_eq!(
        read,
        [
            (Some(UsernameFormat::Email), true, None),
            (Some(UsernameFormat::Any), false, None),
            (Some(UsernameFormat::Any), false, Some(10)),
        ]
    );
}

#[test]
fn a_password_profile_without_username_format_or_otp_flag_reads() {
    let one = PasswordProfileResponse::parse(r#"{"data":{"id":"p","type":"password_profile","name":"n"}}"#)
        .expect("parses");
    assert_eq!((one.data.username_format, one.data.otp_enabled(), one.data.min_length), (None, false, None));
    let nulls = PasswordProfileResponse::parse(
        r#"{"data":{"id":"p","username_format":null,"enable_one_time_password_token":null,"min_length":null}}"#,
    )
    .expect("parses");
    assert_eq!((nulls.data.username_format, nulls.data.otp_enabled()), (None, false));
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn implicit_form_reads_back_with_a_form_decoder(client_id in "\\PC*") {
        let read: Vec<(String, String)> =
            serde_urlencoded::from_str(&implicit_token_form(&client_id).expect("a form body")).expect("a form");
        let sent = [("grant_type".to_owned(), "implicit".to_owned()), ("client_id".to_owned(), client_id)];
        proptest::prop_assert_eq!(read, sent);
    }
}

#[test]
fn a_malformed_answer_names_the_answer_and_the_field() {
    use Answer::*;
    use Kind::{Array, Null, Number, Object, String as Text};
    let cases: [(Result<(), JsonError>, JsonError); 12] = [
        (
            ImplicitTokenResponse::parse(r#"{"access_token":7}"#).map(drop),
            wrong(ImplicitToken, Field::AccessToken, Text, Number),
        ),
        (
            ImplicitTokenResponse::parse(r#"{"data":{"access_token":null}}"#).map(drop),
            unreadable(ImplicitToken, Field::AccessToken, Problem::Missing),
        ),
        (ImplicitTokenResponse::parse("[]").map(drop), wrong(ImplicitToken, Field::Whole, Object, Array)),
        (
            ImplicitTokenResponse::parse("<html>502</html>").map(drop),
            unreadable(ImplicitToken, Field::Whole, Problem::NotJson),
        ),
        (AmTokenResponse::parse("null").map(drop), wrong(AccountMemberTokens, Field::Whole, Object, Null)),
        (
            AccountAuthenticationSettingsResponse::parse(r#"{"data":null}"#).map(drop),
            wrong(AccountAuthenticationSettings, Field::Data, Object, Null),
        ),
        (
            AccountAuthenticationSettingsResponse::parse(r#"{"data":[]}"#).map(drop),
            wrong(AccountAuthenticationSettings, Field::Data, Object, Array),
        ),
        (
            AccountAuthenticationSettingsResponse::parse("{}").map(drop),
            unreadable(AccountAuthenticationSettings, Field::Data, Problem::Missing),
        ),
        (PasswordProfileList::parse(r#""x""#).map(drop), wrong(PasswordProfiles, Field::Whole, Object, Text)),
        (
            PasswordProfileResponse::parse(r#"{"data":"p"}"#).map(drop),
            wrong(PasswordProfile, Field::Data, Object, Text),
        ),
        (
            PasswordProfileResponse::parse(r#"{"errors":[]}"#).map(drop),
            unreadable(PasswordProfile, Field::Data, Problem::Missing),
        ),
        (
            PasswordProfileInfoList::parse("{\"data\":[").map(drop),
            unreadable(PasswordProfileInfos, Field::Whole, Problem::NotJson),
        ),
    ];
    for (read, expected) in cases {
        assert_eq!(read, Err(expected));
    }
}

#[test]
fn every_answer_and_field_has_a_name_and_no_error_holds_a_value() {
    let answers = [
        Answer::ImplicitToken,
        Answer::AccountMemberTokens,
        Answer::PasswordProfileInfos,
        Answer::AccountAuthenticationSettings,
        Answer::PasswordProfiles,
        Answer::PasswordProfile,
    ];
    for answer in answers {
        assert!(answer.call().starts_with("GET /") || answer.call().starts_with("POST /"), "{answer:?}");
    }
    let fields = [Field::AccessToken, Field::Data, Field::AccountMemberId].map(Field::path);
    assert_eq!(fields, ["access_token", "data", "meta.account_member_id"]);
    // A secret in the body never reaches the error: it holds names from this crate and types only.
    let error = ImplicitTokenResponse::parse(r#"{"access_token":["s3cr3t"]}"#).expect_err("refused");
    assert!(!format!("{error:?}").contains("s3cr3t"));
}
