//! The one-time password: request, e-mail, exchange, and its state machine.

use ep_reset_link::ResetLinkParams;
use ep_sandbox::seed::{PASSWORD_PROFILE_ID, REALM_ID, STORE_ID};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn full_reset_in_process() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);
    let outbox = ctx.outbox().await;
    assert_eq!(outbox.len(), 1);
    let email = &outbox[0];
    assert_eq!(email["to"], ADA_EMAIL);
    assert_eq!(email["username"], ADA_EMAIL);
    let otp = email["otp"].as_str().expect("otp");
    assert_eq!(otp.len(), 6);
    assert!(otp.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    let link = email["link"].as_str().expect("link");
    let expected_prefix = format!("{}/change_password?", ctx.sandbox.app_origin());
    assert!(link.starts_with(&expected_prefix), "{link}");
    let params = ResetLinkParams::parse(link.split_once('?').map(|(_, q)| q).unwrap_or_default());
    assert_eq!(
        params,
        Some(ResetLinkParams {
            username: ADA_EMAIL.into(),
            token: otp.into(),
            password_profile_id: Some(PASSWORD_PROFILE_ID.into()),
            authentication_realm_id: Some(REALM_ID.into()),
            user_authentication_password_profile_info_id: Some(ADA_CRED.into()),
            locale: None,
        })
    );
    let event = &email["event"];
    assert_eq!(event["triggered_by"], "one-time-password-token-request.created");
    assert_eq!(event["store_id"], STORE_ID);
    assert_eq!(event["attempt"], 1);
    assert_eq!(event["payload"]["one_time_password_token"], otp);
    assert_eq!(event["payload"]["purpose"], "reset_password");
    assert_eq!(event["payload"]["authentication_realm_id"], REALM_ID);
    assert_eq!(event["payload"]["user_authentication_info"]["id"], ADA);
    assert_eq!(event["payload"]["user_authentication_info"]["name"], "Ada Lovelace");
    assert_eq!(event["payload"]["user_authentication_password_profile_info"]["id"], ADA_CRED);

    let (status, tokens) = ctx.exchange(&token, ADA_EMAIL, otp).await;
    assert_eq!(status, StatusCode::CREATED, "{tokens}");
    assert_eq!(tokens["meta"]["account_member_id"], ADA);
    assert_eq!(tokens["data"].as_array().map(Vec::len), Some(1));
    let entry = &tokens["data"][0];
    assert_eq!(entry["type"], "account_management_authentication_token");
    assert_eq!(entry["account_name"], "Analytical Engines Ltd");
    assert!(entry["expires"].as_str().is_some_and(|e| e.contains('T')), "ISO expiry");
    let am = entry["token"].as_str().expect("jwt");
    let claims = jwt_claims(am);
    assert_eq!(claims["sub"], ADA);
    assert_eq!(claims["realm_id"], REALM_ID);
    assert_eq!(claims["store_id"], STORE_ID);
    assert_eq!(claims["account_member_self_management"], "update_only");
    assert_eq!(claims["scope"], entry["account_id"]);
    let lifetime = claims["exp"].as_i64().zip(claims["iat"].as_i64()).map(|(e, i)| e - i);
    assert_eq!(lifetime, Some(86_400));

    let (status, updated) =
        ctx.update_password(&token, Some(am), ADA, ADA_CRED, ADA_EMAIL, "a whole new password").await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(ctx.login(&token, ADA_EMAIL, "a whole new password").await.0, StatusCode::CREATED);
    let (status, error) = ctx.login(&token, ADA_EMAIL, ADA_PASSWORD).await;
    assert_error(status, &error, 401);
}

#[tokio::test]
async fn otp_is_single_use() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let otp = ctx.last_otp().await;
    assert_eq!(ctx.exchange(&token, ADA_EMAIL, &otp).await.0, StatusCode::CREATED);
    let (status, body) = ctx.exchange(&token, ADA_EMAIL, &otp).await;
    let error = assert_error(status, &body, 401);
    assert_eq!(error["detail"], INVALID_OTP);
}

#[tokio::test]
async fn otp_expires_after_ten_minutes_of_sandbox_time() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let otp = ctx.last_otp().await;
    ctx.advance(601).await;
    let (status, body) = ctx.exchange(&token, ADA_EMAIL, &otp).await;
    assert_eq!(assert_error(status, &body, 401)["detail"], INVALID_OTP);

    ctx.request_otp(&token, ADA_EMAIL).await;
    let otp = ctx.last_otp().await;
    ctx.advance(590).await;
    assert_eq!(ctx.exchange(&token, ADA_EMAIL, &otp).await.0, StatusCode::CREATED, "still valid at 9m50s");
}

#[tokio::test]
async fn newer_request_invalidates_older_code() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let first = ctx.last_otp().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let second = ctx.last_otp().await;
    assert_eq!(ctx.outbox().await.len(), 2, "two e-mails, newest last");
    if first != second {
        let (status, body) = ctx.exchange(&token, ADA_EMAIL, &first).await;
        assert_eq!(assert_error(status, &body, 401)["detail"], INVALID_OTP);
    }
    assert_eq!(ctx.exchange(&token, ADA_EMAIL, &second).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn five_wrong_codes_invalidate_the_current_code() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let otp = ctx.last_otp().await;
    let wrong = if otp == "zzzzzz" { "yyyyyy" } else { "zzzzzz" };
    for _ in 0..5 {
        let (status, body) = ctx.exchange(&token, ADA_EMAIL, wrong).await;
        assert_eq!(assert_error(status, &body, 401)["detail"], INVALID_OTP);
    }
    let (status, body) = ctx.exchange(&token, ADA_EMAIL, &otp).await;
    assert_eq!(assert_error(status, &body, 401)["detail"], INVALID_OTP);

    // Four wrong codes are tolerated.
    ctx.request_otp(&token, ADA_EMAIL).await;
    let otp = ctx.last_otp().await;
    let wrong = if otp == "zzzzzz" { "yyyyyy" } else { "zzzzzz" };
    for _ in 0..4 {
        assert_eq!(ctx.exchange(&token, ADA_EMAIL, wrong).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(ctx.exchange(&token, ADA_EMAIL, &otp).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn unknown_username_gets_202_and_no_email() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    assert_eq!(ctx.request_otp(&token, "nobody@example.com").await, StatusCode::ACCEPTED);
    assert_eq!(ctx.request_otp(&token, "ADA@example.com").await, StatusCode::ACCEPTED, "case-sensitive");
    assert!(ctx.outbox().await.is_empty());
    let (status, body) = ctx.exchange(&token, "nobody@example.com", "abc123").await;
    assert_eq!(assert_error(status, &body, 401)["detail"], INVALID_OTP);
}

#[tokio::test]
async fn otp_request_errors() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let (status, body) = ctx.post(&otp_path(), None, json!({})).await;
    assert_error(status, &body, 401);
    for bad in [
        json!({"data": {"type": "one_time_password_token_request", "purpose": "reset_password"}}),
        json!({"data": {"type": "one_time_password_token_request", "username": ADA_EMAIL, "purpose": "fun"}}),
        json!({"data": {"type": "one_time_password_token_request", "username": ADA_EMAIL}}),
        json!([1, 2]),
    ] {
        let (status, body) = ctx.post(&otp_path(), Some(&token), bad).await;
        assert_error(status, &body, 400);
    }
    for bad_type in [json!("one_time_password_token"), json!(""), json!(null)] {
        let body = json!({"data": {"type": bad_type, "username": ADA_EMAIL, "purpose": "reset_password"}});
        let (status, body) = ctx.post(&otp_path(), Some(&token), body).await;
        assert_eq!(assert_error(status, &body, 422)["source"], "data.type", "{bad_type}");
    }
    let unknown_profile = realm_path("/password-profiles/nope/one-time-password-token-request");
    let body = json!({"data": {"type": "one_time_password_token_request", "username": ADA_EMAIL, "purpose": "reset_password"}});
    let (status, error) = ctx.post(&unknown_profile, Some(&token), body.clone()).await;
    assert_error(status, &error, 404);

    // A profile without OTP answers 422.
    let admin = ctx.admin().await;
    let (_, profile) = ctx
        .post(
            &realm_path("/password-profiles"),
            Some(&admin),
            json!({"data": {"type": "password_profile", "name": "no otp", "username_format": "email"}}),
        )
        .await;
    let id = profile["data"]["id"].as_str().expect("id");
    let path = realm_path(&format!("/password-profiles/{id}/one-time-password-token-request"));
    let (status, error) = ctx.post(&path, Some(&token), body).await;
    assert_error(status, &error, 422);
    assert!(ctx.outbox().await.is_empty());
}

#[tokio::test]
async fn exchange_gives_one_token_per_account() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, "grace@example.com").await;
    let otp = ctx.last_otp().await;
    let (status, body) = ctx.exchange(&token, "grace@example.com", &otp).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(body["meta"]["results"]["total"], 2);
    assert_eq!(body["meta"]["account_member_id"], GRACE);
    assert_ne!(body["data"][0]["token"], body["data"][1]["token"]);

    ctx.request_otp(&token, "no.accounts@example.com").await;
    let otp = ctx.last_otp().await;
    let (status, body) = ctx.exchange(&token, "no.accounts@example.com", &otp).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["meta"]["account_member_id"], NO_ACCOUNTS);
}

#[tokio::test]
async fn exchange_validation() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    for bad in [
        json!({"data": {"type": "account_management_authentication_token", "authentication_mechanism": "passwordless", "password_profile_id": PASSWORD_PROFILE_ID, "username": ADA_EMAIL}}),
        json!({"data": {"type": "account_management_authentication_token", "authentication_mechanism": "oidc", "password_profile_id": PASSWORD_PROFILE_ID, "username": ADA_EMAIL}}),
        json!({"data": {"type": "token", "authentication_mechanism": "passwordless", "password_profile_id": PASSWORD_PROFILE_ID, "username": ADA_EMAIL, "one_time_password_token": "abc123"}}),
        json!({"data": {"type": "account_management_authentication_token", "authentication_mechanism": "passwordless", "username": ADA_EMAIL, "one_time_password_token": "abc123"}}),
    ] {
        let (status, body) = ctx.post("/v2/account-members/tokens", Some(&token), bad).await;
        assert_error(status, &body, 400);
    }
    let (status, body) = ctx.post("/v2/account-members/tokens", None, json!({})).await;
    assert_error(status, &body, 401);
}
