use futures::executor::block_on;
use serde_json::json;

use super::*;
use crate::api::ErrorSource;
use crate::api::json::{Answer, Field, FromJson, JsonError, Problem};
use crate::api::jwt::tests::token_with;
use crate::flows::ConfiguredIds;
use crate::flows::fake_api::{Call, FakeApi, body, id};
use crate::password_policy::{CommonCheck, PasswordInput, PasswordPolicy};
use crate::reset_link::{InvalidReason, LinkIds, LinkParam, ResetLink, ResetLinkError};
use crate::unicode::Unicode;

const USERNAME: &str = "john.doe@banks.com";

fn password(text: &str) -> NewPassword {
    PasswordPolicy::default()
        .accept(&PasswordInput {
            password: text,
            confirmation: text,
            username: USERNAME,
            common: CommonCheck::Loading,
            unicode: Unicode::STD,
        })
        .expect("acceptable test password")
}

fn jwt(sub: Option<&str>, realm: Option<&str>) -> String {
    token_with(&json!({ "sub": sub, "realm_id": realm, "exp": 2_000_000_000u64 }).to_string())
}

/// An exchange answer with one account token (sub `member-jwt`, realm `realm-jwt`) and `meta`.
fn exchanged(meta_member: Option<&str>, token: &str) -> AmTokenResponse {
    let meta = meta_member.map(|m| json!({ "account_member_id": m })).unwrap_or(json!({}));
    body(json!({
        "data": [{ "type": "account_management_authentication_token", "account_id": "acc", "token": token,
                   "expires": "2030-01-01T00:00:00Z" }],
        "meta": meta
    }))
}

fn standard_token() -> String {
    jwt(Some("member-jwt"), Some("realm-jwt"))
}

fn credentials(profile: &str, uappi: &str) -> crate::api::dto::PasswordProfileInfoList {
    body(json!({ "data": [
        { "id": "other-uappi", "type": "user_authentication_password_profile_info", "password_profile_id": "other-profile" },
        { "id": uappi, "type": "user_authentication_password_profile_info", "password_profile_id": profile, "username": USERNAME }
    ]}))
}

fn link(query: &str) -> ResetLink {
    ResetLink::parse(query, "").expect("test link")
}

fn full_link() -> ResetLink {
    link(&format!(
        "username={USERNAME}&token=lprvj4&password_profile_id=prof-1&authentication_realm_id=realm-link\
         &user_authentication_password_profile_info_id=uappi-link"
    ))
}

fn config(realm: Option<&str>, profile: Option<&str>) -> ConfiguredIds {
    ConfiguredIds { realm: realm.map(id), password_profile_id: profile.map(id) }
}

fn flow_for(link: ResetLink, configured: &ConfiguredIds) -> ResetFlow {
    ResetFlow::new(ResetTarget::from_link(link, configured).expect("valid target"), Unicode::STD)
}

fn client(status: u16, source: ErrorSource) -> ApiError {
    ApiError::Client { status, source }
}

/// Asserts that the flow is over with `outcome`: submitting again answers the same and sends nothing.
fn assert_final(flow: &ResetFlow, api: &FakeApi, outcome: ResetOutcome) {
    let calls = api.calls().len();
    assert!(!flow.is_exchanged(), "the token is dropped");
    assert_eq!(block_on(flow.submit(api, &password("another pass phrase"))), outcome);
    assert_eq!(api.calls().len(), calls, "nothing more is sent");
}

fn exchanges(api: &FakeApi) -> usize {
    api.count(|c| matches!(c, Call::Exchange { .. }))
}

fn updates(api: &FakeApi) -> usize {
    api.count(|c| matches!(c, Call::Update { .. }))
}

#[test]
fn link_with_all_ids_needs_exactly_two_requests() {
    let api = FakeApi::default();
    let token = standard_token();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("member-meta"), &token)));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(full_link(), &config(None, None));
    assert!(!flow.is_exchanged());
    assert!(api.calls().is_empty(), "nothing is sent before submit");

    assert_eq!(block_on(flow.submit(&api, &password(" new pass phrase "))), ResetOutcome::Done);
    assert_eq!(
        api.calls(),
        [
            Call::Exchange { profile: "prof-1".into(), username: USERNAME.into(), otp: "lprvj4".into() },
            Call::Update {
                realm: "realm-link".into(),
                uai: "member-meta".into(),
                uappi: "uappi-link".into(),
                body: json!({"data": {"id": "uappi-link", "type": "user_authentication_password_profile_info",
                                      "password_profile_id": "prof-1", "username": USERNAME, "password": " new pass phrase "}}),
                am_token: token,
            },
        ]
    );
    assert_final(&flow, &api, ResetOutcome::Done);
}

#[test]
fn link_with_only_username_and_token_uses_claims_config_and_the_list() {
    let api = FakeApi::default();
    let token = standard_token();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("member-meta"), &token)));
    api.list.borrow_mut().push_back(Ok(credentials("prof-cfg", "uappi-listed")));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(
        link(&format!("username={USERNAME}&token=lprvj4")),
        &config(Some("realm-cfg"), Some("prof-cfg")),
    );

    assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::Done);
    let calls = api.calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(
        calls[0],
        Call::Exchange { profile: "prof-cfg".into(), username: USERNAME.into(), otp: "lprvj4".into() }
    );
    assert_eq!(
        calls[1],
        Call::List { realm: "realm-jwt".into(), uai: "member-meta".into(), am_token: token.clone() }
    );
    assert!(matches!(&calls[2], Call::Update { realm, uai, uappi, .. }
        if realm == "realm-jwt" && uai == "member-meta" && uappi == "uappi-listed"));
}

#[test]
fn retry_after_update_failure_never_exchanges_again() {
    let api = FakeApi::default();
    let token = standard_token();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &token)));
    api.update.borrow_mut().push_back(Err(ApiError::Server { status: 503 }));
    api.update.borrow_mut().push_back(Err(ApiError::Network));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(full_link(), &config(None, None));
    let pw = password("new pass phrase");

    let first = block_on(flow.submit(&api, &pw));
    assert_eq!(first, ResetOutcome::Transient { error: ApiError::Server { status: 503 }, retry_after: None });
    assert!(flow.is_exchanged());
    assert_eq!(flow.transient_failures(), 1);
    assert_eq!(
        block_on(flow.submit(&api, &pw)),
        ResetOutcome::Transient { error: ApiError::Network, retry_after: None }
    );
    assert_eq!(flow.transient_failures(), 2);
    assert_eq!(block_on(flow.submit(&api, &pw)), ResetOutcome::Done);
    assert_eq!(flow.transient_failures(), 0);
    assert_eq!(exchanges(&api), 1);
    assert_eq!(updates(&api), 3);
    assert!(api.calls().iter().all(|c| !matches!(c, Call::Update { am_token, .. } if *am_token != token)));
}

#[test]
fn retry_after_list_failure_repeats_list_then_update_only() {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
    api.list.borrow_mut().push_back(Err(ApiError::Timeout));
    api.list.borrow_mut().push_back(Ok(credentials("prof-cfg", "uappi-1")));
    api.update.borrow_mut().push_back(Err(ApiError::Server { status: 500 }));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(link(&format!("username={USERNAME}&token=lprvj4")), &config(None, Some("prof-cfg")));
    let pw = password("new pass phrase");

    assert!(matches!(
        block_on(flow.submit(&api, &pw)),
        ResetOutcome::Transient { error: ApiError::Timeout, .. }
    ));
    assert!(matches!(block_on(flow.submit(&api, &pw)), ResetOutcome::Transient { .. }));
    assert_eq!(block_on(flow.submit(&api, &pw)), ResetOutcome::Done);
    assert_eq!(exchanges(&api), 1);
    assert_eq!(api.count(|c| matches!(c, Call::List { .. })), 2, "the found credential is remembered");
}

#[test]
fn rate_limited_with_and_without_retry_after() {
    for retry_after in [Some(RetryAfter::from_secs(42)), None] {
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
        api.update.borrow_mut().push_back(Err(ApiError::RateLimited { retry_after }));
        let flow = flow_for(full_link(), &config(None, None));
        let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
        assert_eq!(
            outcome,
            ResetOutcome::Transient { error: ApiError::RateLimited { retry_after }, retry_after }
        );
        assert!(flow.is_exchanged());
    }
}

#[test]
fn rate_limited_exchange_can_be_tried_again_by_the_shopper() {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Err(ApiError::RateLimited { retry_after: None }));
    let flow = flow_for(full_link(), &config(None, None));
    let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
    assert_eq!(
        outcome,
        ResetOutcome::Transient { error: ApiError::RateLimited { retry_after: None }, retry_after: None }
    );
    assert!(!flow.is_exchanged());
    assert_eq!(updates(&api), 0);
}

#[test]
fn any_4xx_from_the_exchange_means_expired_and_is_final() {
    for error in [
        ApiError::Unauthorized,
        ApiError::Forbidden,
        ApiError::NotFound,
        client(400, ErrorSource::Unnamed),
        client(422, ErrorSource::Password),
        client(410, ErrorSource::Unnamed),
    ] {
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Err(error));
        let flow = flow_for(full_link(), &config(None, None));
        assert_eq!(
            block_on(flow.submit(&api, &password("new pass phrase"))),
            ResetOutcome::LinkExpired,
            "{error:?}"
        );
        assert_final(&flow, &api, ResetOutcome::LinkExpired);
        // Submitting again sends nothing.
        assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::LinkExpired);
        assert_eq!(api.calls().len(), 1);
        assert_eq!(flow.username(), USERNAME);
    }
}

#[test]
fn a_refused_implicit_token_sends_no_code_and_keeps_the_link_for_another_try() {
    for error in
        [ApiError::Unauthorized, ApiError::Forbidden, client(400, ErrorSource::Unnamed), ApiError::Malformed]
    {
        let api = FakeApi::default();
        api.implicit.borrow_mut().push_back(Err(error));
        let flow = flow_for(full_link(), &config(None, None));
        let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
        assert_eq!(outcome, ResetOutcome::TokenRefused { error }, "{error:?}");
        assert!(!outcome.is_final());
        assert_eq!(outcome.notice(), Some(Notice::Server), "the store cannot help just now");
        assert_eq!(exchanges(&api), 0, "the code was never sent");

        // Once the store grants the token again, the same flow exchanges the code and finishes.
        api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
        api.update.borrow_mut().push_back(Ok(()));
        assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::Done);
        assert_eq!(exchanges(&api), 1);
    }
    let api = FakeApi::default();
    api.implicit.borrow_mut().push_back(Err(ApiError::Timeout));
    let flow = flow_for(full_link(), &config(None, None));
    let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
    assert_eq!(outcome, ResetOutcome::Transient { error: ApiError::Timeout, retry_after: None });
    assert_eq!(exchanges(&api), 0);
}

#[test]
fn empty_accounts_means_no_account_and_no_update() {
    let api = FakeApi::default();
    let empty = body(json!({ "data": [], "meta": { "account_member_id": "m" } }));
    api.exchange.borrow_mut().push_back(Ok(empty));
    let flow = flow_for(full_link(), &config(None, None));
    assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::NoAccount);
    assert_eq!(api.calls().len(), 1);
    assert_final(&flow, &api, ResetOutcome::NoAccount);
}

#[test]
fn forbidden_update_means_self_management_disabled() {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
    api.update.borrow_mut().push_back(Err(ApiError::Forbidden));
    let flow = flow_for(full_link(), &config(None, None));
    assert_eq!(
        block_on(flow.submit(&api, &password("new pass phrase"))),
        ResetOutcome::SelfManagementDisabled
    );
    assert_final(&flow, &api, ResetOutcome::SelfManagementDisabled);
    assert_eq!(
        block_on(flow.submit(&api, &password("new pass phrase"))),
        ResetOutcome::SelfManagementDisabled
    );
    assert_eq!(updates(&api), 1);
}

#[test]
fn refused_list_or_missing_credential_means_link_incomplete() {
    let not_listed = credentials("someone-else", "x");
    for answer in [Err(ApiError::Unauthorized), Err(ApiError::Forbidden), Ok(not_listed)] {
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
        api.list.borrow_mut().push_back(answer);
        let flow =
            flow_for(link(&format!("username={USERNAME}&token=lprvj4")), &config(None, Some("prof-cfg")));
        assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::LinkIncomplete);
        assert_eq!(updates(&api), 0);
    }
}

#[test]
fn update_404_means_link_incomplete_and_401_fails() {
    for (error, expected) in [
        (ApiError::NotFound, ResetOutcome::LinkIncomplete),
        (ApiError::Unauthorized, ResetOutcome::Failed { error: ApiError::Unauthorized }),
        (
            client(409, ErrorSource::Password),
            ResetOutcome::Failed { error: client(409, ErrorSource::Password) },
        ),
    ] {
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
        api.update.borrow_mut().push_back(Err(error));
        let flow = flow_for(full_link(), &config(None, None));
        assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), expected);
        assert!(expected.is_final());
    }
}

#[test]
fn rejected_password_keeps_the_token_for_another_try() {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
    api.update.borrow_mut().push_back(Err(client(400, ErrorSource::Password)));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(full_link(), &config(None, None));
    assert_eq!(block_on(flow.submit(&api, &password("first choice"))), ResetOutcome::Rejected);
    assert!(flow.is_exchanged());
    assert_eq!(block_on(flow.submit(&api, &password("second choice"))), ResetOutcome::Done);
    assert_eq!(exchanges(&api), 1);
    let last_password = api.calls().iter().rev().find_map(|c| match c {
        Call::Update { body, .. } => body["data"]["password"].as_str().map(str::to_owned),
        _ => None,
    });
    assert_eq!(last_password.as_deref(), Some("second choice"));
}

#[test]
fn realm_fallback_order_link_then_token_then_config() {
    let cases = [
        ("&authentication_realm_id=realm-link", Some("realm-jwt"), None, Some("realm-link")),
        // A pinned realm equal to the link's (case-insensitively) is not a conflict; the link's spelling is used.
        ("&authentication_realm_id=REALM-CFG", Some("realm-jwt"), Some("realm-cfg"), Some("REALM-CFG")),
        ("", Some("realm-jwt"), Some("realm-cfg"), Some("realm-jwt")),
        ("", None, Some("realm-cfg"), Some("realm-cfg")),
        ("", Some("bad/realm"), Some("realm-cfg"), Some("realm-cfg")),
        ("", None, None, None),
    ];
    for (link_part, jwt_realm, config_realm, expected) in cases {
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &jwt(Some("m"), jwt_realm))));
        api.update.borrow_mut().push_back(Ok(()));
        let flow = flow_for(
            link(&format!("username=a&token=abcd&user_authentication_password_profile_info_id=u{link_part}")),
            &config(config_realm, Some("p")),
        );
        let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
        let used = api.calls().iter().find_map(|c| match c {
            Call::Update { realm, .. } => Some(realm.clone()),
            _ => None,
        });
        assert_eq!(used.as_deref(), expected, "{link_part} {jwt_realm:?} {config_realm:?}");
        let expected_outcome = if expected.is_some() { ResetOutcome::Done } else { ResetOutcome::NoRealm };
        assert_eq!(outcome, expected_outcome);
    }
}

#[test]
fn member_id_from_meta_else_token_sub() {
    let cases = [
        (Some("member-meta"), jwt(Some("member-jwt"), None), Some("member-meta")),
        (None, jwt(Some("member-jwt"), None), Some("member-jwt")),
        (None, jwt(None, None), None),
        (None, "not-a-jwt".to_owned(), None),
        (Some("bad/id"), jwt(Some("member-jwt"), None), None),
    ];
    for (meta, token, expected) in cases {
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Ok(exchanged(meta, &token)));
        api.update.borrow_mut().push_back(Ok(()));
        let flow = flow_for(full_link(), &config(None, None));
        let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
        let uai = api.calls().iter().find_map(|c| match c {
            Call::Update { uai, .. } => Some(uai.clone()),
            _ => None,
        });
        assert_eq!(uai.as_deref(), expected);
        if expected.is_none() {
            assert!(
                matches!(
                    outcome,
                    ResetOutcome::Failed {
                        error: ApiError::Unreadable(JsonError { field: Field::AccountMemberId, .. })
                    }
                ),
                "{outcome:?}"
            );
        }
    }
}

#[test]
fn malformed_exchange_answer_is_final_without_retrying() {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Err(ApiError::Malformed));
    let flow = flow_for(full_link(), &config(None, None));
    assert_eq!(
        block_on(flow.submit(&api, &password("new pass phrase"))),
        ResetOutcome::Failed { error: ApiError::Malformed }
    );
    assert_eq!(
        block_on(flow.submit(&api, &password("new pass phrase"))),
        ResetOutcome::Failed { error: ApiError::Malformed }
    );
    assert_eq!(exchanges(&api), 1);
}

#[test]
fn typed_code_path() {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
    api.list.borrow_mut().push_back(Ok(credentials("prof-cfg", "uappi-1")));
    api.update.borrow_mut().push_back(Ok(()));
    let target = ResetTarget::from_typed_code(
        USERNAME,
        "  lprvj4\n",
        LinkIds::default(),
        &config(None, Some("prof-cfg")),
    )
    .expect("valid");
    let flow = ResetFlow::new(target, Unicode::STD);
    assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::Done);
    assert_eq!(
        api.calls()[0],
        Call::Exchange { profile: "prof-cfg".into(), username: USERNAME.into(), otp: "lprvj4".into() }
    );
}

#[test]
fn setup_errors() {
    assert_eq!(
        ResetTarget::from_typed_code(USERNAME, "", LinkIds::default(), &config(None, Some("p"))),
        Err(ResetSetupError::Code(InvalidReason::Missing))
    );
    assert_eq!(
        ResetTarget::from_link(link("username=a&token=abcd"), &ConfiguredIds::default()),
        Err(ResetSetupError::NoPasswordProfile)
    );
    assert_eq!(
        ResetTarget::from_link(
            link("username=a&token=abcd&password_profile_id=p-link"),
            &config(None, Some("p-cfg"))
        ),
        Err(ResetSetupError::Link(ResetLinkError::Invalid {
            param: LinkParam::PasswordProfileId,
            reason: InvalidReason::ConflictsWithConfig
        }))
    );
    let from_link = ResetTarget::from_link(
        link("username=a&token=abcd&password_profile_id=p-link"),
        &ConfiguredIds::default(),
    );
    assert_eq!(from_link.map(|t| t.password_profile_id), Ok(id("p-link")));
}

#[test]
fn done_is_final_and_debug_never_shows_secrets_while_a_token_is_kept() {
    let api = FakeApi::default();
    let token = standard_token();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &token)));
    api.update.borrow_mut().push_back(Err(ApiError::Network));
    let flow = flow_for(full_link(), &config(None, None));
    let _ = block_on(flow.submit(&api, &password("new pass phrase")));
    let shown = format!("{flow:?}");
    assert!(
        !shown.contains("lprvj4") && !shown.contains(&token) && !shown.contains("new pass phrase"),
        "{shown}"
    );

    api.update.borrow_mut().push_back(Ok(()));
    assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::Done);
    assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::Done);
    assert_eq!(api.calls().len(), 3);
}

/// Scripts an exchange that grants a token, and returns a handle to that very token: its
/// [`Secret::holders`] counts whoever else still holds it.
fn exchange_with_probe(api: &FakeApi) -> Secret<String> {
    let response = exchanged(Some("m"), &standard_token());
    let probe = response.first_token().expect("a token").clone();
    api.exchange.borrow_mut().push_back(Ok(response));
    probe
}

#[test]
fn the_account_token_is_held_only_while_a_retry_needs_it() {
    let api = FakeApi::default();
    let probe = exchange_with_probe(&api);
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(full_link(), &config(None, None));
    assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), ResetOutcome::Done);
    assert_eq!(probe.holders(), 1, "after success nothing but the test holds the token");

    for (refusal, outcome) in [
        (ApiError::Unauthorized, ResetOutcome::Failed { error: ApiError::Unauthorized }),
        (ApiError::Forbidden, ResetOutcome::SelfManagementDisabled),
        (ApiError::NotFound, ResetOutcome::LinkIncomplete),
    ] {
        let api = FakeApi::default();
        let probe = exchange_with_probe(&api);
        api.update.borrow_mut().extend([Err(ApiError::Server { status: 503 }), Err(refusal)]);
        let flow = flow_for(full_link(), &config(None, None));
        let first = block_on(flow.submit(&api, &password("new pass phrase")));
        assert!(matches!(first, ResetOutcome::Transient { .. }), "{first:?}");
        assert_eq!(probe.holders(), 2, "kept for \"Try again\", and the probe sees it");
        assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), outcome);
        assert_eq!(probe.holders(), 1, "after a final {outcome:?} nothing but the test holds the token");
    }
}

// -- the update's 400/422: about the password or not -- //

#[test]
fn only_a_refusal_naming_the_password_or_a_bare_400_asks_for_another_password() {
    let refused = |error| ResetOutcome::UpdateRefused { error };
    for (error, expected) in [
        (client(400, ErrorSource::Password), ResetOutcome::Rejected),
        (client(422, ErrorSource::Password), ResetOutcome::Rejected),
        (client(400, ErrorSource::Unnamed), ResetOutcome::Rejected),
        (client(422, ErrorSource::Unnamed), refused(client(422, ErrorSource::Unnamed))),
        (client(400, ErrorSource::OtherField), refused(client(400, ErrorSource::OtherField))),
        (client(422, ErrorSource::OtherField), refused(client(422, ErrorSource::OtherField))),
    ] {
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
        api.update.borrow_mut().push_back(Err(error));
        let flow = flow_for(full_link(), &config(None, None));
        assert_eq!(block_on(flow.submit(&api, &password("new pass phrase"))), expected, "{error:?}");
        assert!(flow.is_exchanged(), "{error:?}: the token is kept");
    }
}

#[test]
fn the_ep_error_bodies_of_a_refused_update_classify_as_documented() {
    let outcome_for = |body: &str| {
        let error = ApiError::from_response(422, None, body, 0);
        let api = FakeApi::default();
        api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
        api.update.borrow_mut().push_back(Err(error));
        block_on(flow_for(full_link(), &config(None, None)).submit(&api, &password("new pass phrase")))
    };
    let constraint =
        r#"{"errors":[{"status":"422","title":"Unprocessable Entity","detail":"Constraint violation"}]}"#;
    let mismatch =
        r#"{"errors":[{"status":422,"title":"Unprocessable Entity","detail":"store id mismatch"}]}"#;
    let too_short =
        r#"{"errors":[{"status":422,"title":"Bad Request","detail":"too short","source":"data.password"}]}"#;
    assert!(matches!(outcome_for(constraint), ResetOutcome::UpdateRefused { .. }));
    assert!(matches!(outcome_for(mismatch), ResetOutcome::UpdateRefused { .. }));
    assert_eq!(outcome_for(too_short), ResetOutcome::Rejected);
}

#[test]
fn try_again_after_a_refused_update_repeats_the_update_with_the_kept_token() {
    let api = FakeApi::default();
    let token = standard_token();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &token)));
    api.update.borrow_mut().push_back(Err(client(422, ErrorSource::Unnamed)));
    api.update.borrow_mut().push_back(Err(client(422, ErrorSource::OtherField)));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(full_link(), &config(None, None));
    let pw = password("new pass phrase");
    assert!(matches!(block_on(flow.submit(&api, &pw)), ResetOutcome::UpdateRefused { .. }));
    assert!(matches!(block_on(flow.submit(&api, &pw)), ResetOutcome::UpdateRefused { .. }));
    assert_eq!(flow.transient_failures(), 0, "a refusal is no reason to back off");
    assert_eq!(block_on(flow.submit(&api, &pw)), ResetOutcome::Done);
    assert_eq!(exchanges(&api), 1);
    assert_eq!(updates(&api), 3);
    assert!(api.calls().iter().all(|c| !matches!(c, Call::Update { am_token, .. } if *am_token != token)));
}

#[test]
fn a_refusal_that_persists_ends_the_reset_after_three_updates() {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
    let refusal = client(422, ErrorSource::Unnamed);
    api.update.borrow_mut().extend([Err(refusal), Err(refusal), Err(refusal), Ok(())]);
    let flow = flow_for(full_link(), &config(None, None));
    let pw = password("new pass phrase");
    assert_eq!(block_on(flow.submit(&api, &pw)), ResetOutcome::UpdateRefused { error: refusal });
    assert_eq!(block_on(flow.submit(&api, &pw)), ResetOutcome::UpdateRefused { error: refusal });
    assert_eq!(block_on(flow.submit(&api, &pw)), ResetOutcome::Failed { error: refusal });
    assert_eq!(block_on(flow.submit(&api, &pw)), ResetOutcome::Failed { error: refusal }, "final");
    assert_eq!(updates(&api), 3);
}

// -- choosing among the member's credentials -- //

fn link_without_uappi() -> ResetLink {
    link(&format!("username={USERNAME}&token=lprvj4"))
}

/// Runs a reset whose credential comes from `list`; returns the outcome and the update's uappi and
/// body username, if an update was sent.
fn reset_with_list(list: serde_json::Value) -> (ResetOutcome, Option<(String, String)>) {
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Ok(exchanged(Some("m"), &standard_token())));
    api.list.borrow_mut().push_back(Ok(body(json!({ "data": list }))));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(link_without_uappi(), &config(None, Some("prof-cfg")));
    let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
    let update = api.calls().into_iter().find_map(|c| match c {
        Call::Update { uappi, body, .. } => Some((uappi, body["data"]["username"].as_str()?.to_owned())),
        _ => None,
    });
    (outcome, update)
}

fn credential(id: &str, username: &str, profile: &str) -> serde_json::Value {
    json!({"id": id, "type": "user_authentication_password_profile_info", "username": username, "password_profile_id": profile})
}

#[test]
fn duplicate_credentials_the_one_for_the_links_username_changes() {
    let (outcome, update) = reset_with_list(json!([
        credential("uappi-old", &format!("old.{USERNAME}"), "prof-cfg"),
        credential("uappi-other-profile", USERNAME, "prof-other"),
        credential("uappi-real", USERNAME, "prof-cfg"),
    ]));
    assert_eq!(outcome, ResetOutcome::Done);
    assert_eq!(update, Some(("uappi-real".into(), USERNAME.into())));
}

#[test]
fn a_username_matching_only_ignoring_case_is_chosen_and_sent_back_as_listed() {
    let (outcome, update) = reset_with_list(json!([
        credential("uappi-old", "Old.John.Doe@Banks.com", "prof-cfg"),
        credential("uappi-real", "John.Doe@Banks.com", "prof-cfg"),
    ]));
    assert_eq!(outcome, ResetOutcome::Done);
    assert_eq!(update, Some(("uappi-real".into(), "John.Doe@Banks.com".into())));
}

#[test]
fn several_credentials_of_the_profile_none_for_the_username_means_link_incomplete() {
    let (outcome, update) = reset_with_list(json!([
        credential("a", &format!("old.{USERNAME}"), "prof-cfg"),
        credential("b", &format!("older.{USERNAME}"), "prof-cfg"),
    ]));
    assert_eq!(outcome, ResetOutcome::LinkIncomplete);
    assert_eq!(update, None);
}

#[test]
fn the_profiles_only_credential_is_used_whatever_its_username() {
    let (outcome, update) = reset_with_list(json!([credential("only", "renamed@banks.com", "prof-cfg")]));
    assert_eq!(outcome, ResetOutcome::Done);
    assert_eq!(update, Some(("only".into(), "renamed@banks.com".into())));
}

// -- tolerated shapes after the code is spent: none may fail a good reset -- //

/// Submits once with the exchange answering `body` (update and list succeed); the outcome and the
/// update's user-authentication-info id and realm.
fn reset_after_exchange(answer: serde_json::Value) -> (ResetOutcome, Option<(String, String)>) {
    let answer: AmTokenResponse = body(answer);
    let api = FakeApi::default();
    api.exchange.borrow_mut().push_back(Ok(answer));
    api.update.borrow_mut().push_back(Ok(()));
    let flow = flow_for(
        link(&format!("username={USERNAME}&token=lprvj4&user_authentication_password_profile_info_id=u")),
        &config(Some("realm-cfg"), Some("prof-cfg")),
    );
    let outcome = block_on(flow.submit(&api, &password("new pass phrase")));
    let update = api.calls().into_iter().find_map(|c| match c {
        Call::Update { uai, realm, .. } => Some((uai, realm)),
        _ => None,
    });
    (outcome, update)
}

#[test]
fn exchange_data_null_means_no_account() {
    let (outcome, update) =
        reset_after_exchange(json!({ "data": null, "meta": { "account_member_id": "m" } }));
    assert_eq!(outcome, ResetOutcome::NoAccount);
    assert_eq!(update, None);
}

#[test]
fn exchange_expires_as_a_number_a_string_or_null() {
    for expires in [json!(1_719_531_924), json!("2024-06-27T23:45:24.070Z"), json!(null)] {
        let (outcome, update) = reset_after_exchange(json!({
            "data": [{ "type": "account_management_authentication_token", "token": standard_token(), "expires": expires }],
            "meta": { "account_member_id": "m" }
        }));
        assert_eq!(outcome, ResetOutcome::Done, "{expires}");
        assert_eq!(update, Some(("m".into(), "realm-jwt".into())));
    }
}

#[test]
fn exchange_meta_null_or_not_an_object_falls_back_to_the_tokens_sub() {
    for meta in [json!(null), json!("none"), json!(5)] {
        let (outcome, update) =
            reset_after_exchange(json!({ "data": [{ "token": standard_token() }], "meta": meta }));
        assert_eq!(outcome, ResetOutcome::Done, "{meta}");
        assert_eq!(update, Some(("member-jwt".into(), "realm-jwt".into())), "{meta}");
    }
}

#[test]
fn a_token_with_iso_string_times_and_no_realm_still_gives_its_sub() {
    let token = token_with(
        &json!({ "sub": "member-jwt", "exp": "2024-06-27T23:45:24.070Z", "iat": "2024-06-26T23:45:24.070Z",
                 "scope": ["x"], "store_id": 7 })
        .to_string(),
    );
    let (outcome, update) = reset_after_exchange(json!({ "data": [{ "token": token }] }));
    assert_eq!(outcome, ResetOutcome::Done);
    assert_eq!(update, Some(("member-jwt".into(), "realm-cfg".into())));
}

#[test]
fn a_non_string_sub_is_absent() {
    let token = token_with(&json!({ "sub": 12345, "realm_id": "realm-jwt" }).to_string());
    let (outcome, update) =
        reset_after_exchange(json!({ "data": [{ "token": token }], "meta": { "account_member_id": "m" } }));
    assert_eq!(outcome, ResetOutcome::Done, "meta still names the member");
    assert_eq!(update, Some(("m".into(), "realm-jwt".into())));
    let (outcome, _) = reset_after_exchange(json!({ "data": [{ "token": token }] }));
    assert_eq!(outcome, member_id_unreadable(Problem::Missing), "no member id at all");
    let (outcome, _) =
        reset_after_exchange(json!({ "data": [{ "token": token }], "meta": { "account_member_id": "a/b" } }));
    assert_eq!(outcome, member_id_unreadable(Problem::NotAnId), "an id that cannot go in a path");
}

fn member_id_unreadable(problem: Problem) -> ResetOutcome {
    let error = JsonError { answer: Answer::AccountMemberTokens, field: Field::AccountMemberId, problem };
    ResetOutcome::Failed { error: ApiError::Unreadable(error) }
}

#[test]
fn unknown_fields_and_odd_types_anywhere_in_the_exchange_answer() {
    let (outcome, update) = reset_after_exchange(json!({
        "data": [
            null,
            { "type": 7, "account_id": { "id": "acc" }, "account_name": ["Bluefuse"], "token": 42, "extra": true },
            { "type": "account_management_authentication_token", "account_id": 1, "account_name": null,
              "token": standard_token(), "expires": { "at": 1 }, "links": [] }
        ],
        "meta": { "account_member_id": "m", "page": "first", "results": null, "new": {} },
        "links": "self",
        "included": [1, 2]
    }));
    assert_eq!(outcome, ResetOutcome::Done);
    assert_eq!(update, Some(("m".into(), "realm-jwt".into())));
}

#[test]
fn null_where_a_field_is_optional() {
    let (outcome, update) = reset_after_exchange(json!({
        "data": [null, { "token": null }, { "token": standard_token(), "account_id": null, "type": null }],
        "meta": { "account_member_id": null },
        "links": null
    }));
    assert_eq!(outcome, ResetOutcome::Done);
    assert_eq!(update, Some(("member-jwt".into(), "realm-jwt".into())));
}

#[test]
fn a_missing_data_field_is_still_an_unreadable_answer() {
    let read = AmTokenResponse::parse(&json!({ "meta": { "account_member_id": "m" } }).to_string());
    assert_eq!(
        read,
        Err(JsonError { answer: Answer::AccountMemberTokens, field: Field::Data, problem: Problem::Missing })
    );
}
