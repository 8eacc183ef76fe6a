//! Who may update or list credentials: client_credentials, or implicit + the member's own token.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn implicit_without_account_management_token_is_forbidden() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let (status, body) = ctx.update_password(&token, None, ADA, ADA_CRED, ADA_EMAIL, "new password 1").await;
    assert_error(status, &body, 403);
    let (status, body) = ctx.get(&credential_path(ADA, None), Some(&token)).await;
    assert_error(status, &body, 403);
}

#[tokio::test]
async fn another_members_data_is_forbidden() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let grace_am = ctx.am_token_for(&token, "grace@example.com").await;
    let (status, body) =
        ctx.update_password(&token, Some(&grace_am), ADA, ADA_CRED, ADA_EMAIL, "stolen password").await;
    assert_error(status, &body, 403);
    let (status, _, body) =
        ctx.send(Method::GET, &credential_path(ADA, None), Some(&token), Some(&grace_am), None).await;
    assert_error(status, &body, 403);
    // Her own credential through Ada's user id is not found (it is not Ada's).
    let ada_am = ctx.ada_am_token(&token).await;
    let (status, body) =
        ctx.update_password(&token, Some(&ada_am), ADA, GRACE_CRED, ADA_EMAIL, "stolen password").await;
    assert_error(status, &body, 404);
    assert_eq!(ctx.login(&token, "grace@example.com", "a computer bug in 1947").await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn own_list_and_get_with_account_management_token() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let am = ctx.ada_am_token(&token).await;
    let (status, _, body) =
        ctx.send(Method::GET, &credential_path(ADA, None), Some(&token), Some(&am), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"][0]["id"], ADA_CRED);
    let (status, _, body) =
        ctx.send(Method::GET, &credential_path(ADA, Some(ADA_CRED)), Some(&token), Some(&am), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Users and settings writes stay admin-only even with the token.
    let (status, _, body) = ctx
        .send(
            Method::GET,
            &realm_path(&format!("/user-authentication-info/{ADA}")),
            Some(&token),
            Some(&am),
            None,
        )
        .await;
    assert_error(status, &body, 403);
}

#[tokio::test]
async fn self_management_disabled_is_forbidden() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let admin = ctx.admin().await;
    let issued_while_enabled = ctx.ada_am_token(&token).await;
    let disable = json!({"data": {"type": "account_authentication_settings", "account_member_self_management": "disabled"}});
    assert_eq!(ctx.put("/v2/settings/account-authentication", Some(&admin), disable).await.0, StatusCode::OK);
    let issued_while_disabled = ctx.ada_am_token(&token).await;
    assert_eq!(jwt_claims(&issued_while_disabled)["account_member_self_management"], "disabled");
    for am in [&issued_while_enabled, &issued_while_disabled] {
        let (status, body) =
            ctx.update_password(&token, Some(am), ADA, ADA_CRED, ADA_EMAIL, "new password 1").await;
        assert_error(status, &body, 403);
    }
    let enable = json!({"data": {"type": "account_authentication_settings", "account_member_self_management": "update_only"}});
    assert_eq!(ctx.put("/v2/settings/account-authentication", Some(&admin), enable).await.0, StatusCode::OK);
    let (status, body) = ctx
        .update_password(&token, Some(&issued_while_disabled), ADA, ADA_CRED, ADA_EMAIL, "new password 1")
        .await;
    assert_error(status, &body, 403);
    let (status, _) = ctx
        .update_password(&token, Some(&issued_while_enabled), ADA, ADA_CRED, ADA_EMAIL, "new password 1")
        .await;
    assert_eq!(status, StatusCode::OK, "a token issued under update_only works again");
}

#[tokio::test]
async fn bad_or_expired_account_management_token_is_401() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let am = ctx.ada_am_token(&token).await;
    let mut parts: Vec<String> = am.split('.').map(str::to_string).collect();
    parts[2] = "AAAA".into();
    let tampered = parts.join(".");
    for bad in [tampered.as_str(), "not-a-jwt"] {
        let (status, body) =
            ctx.update_password(&token, Some(bad), ADA, ADA_CRED, ADA_EMAIL, "new password 1").await;
        assert_error(status, &body, 401);
    }
    ctx.advance(86_401).await;
    let fresh = ctx.implicit().await;
    let (status, body) =
        ctx.update_password(&fresh, Some(&am), ADA, ADA_CRED, ADA_EMAIL, "new password 1").await;
    assert_error(status, &body, 401);
}

#[tokio::test]
async fn short_password_with_own_token_is_400() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let am = ctx.ada_am_token(&token).await;
    let (status, body) = ctx.update_password(&token, Some(&am), ADA, ADA_CRED, ADA_EMAIL, "1234567").await;
    assert_error(status, &body, 400);
    assert_eq!(body["errors"][0]["source"], "data.password");
}
