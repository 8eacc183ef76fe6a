//! Account authentication settings and password profiles.

use ep_sandbox::seed::{PASSWORD_PROFILE_ID, REALM_ID, SETTINGS_ID};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

const SETTINGS: &str = "/v2/settings/account-authentication";

#[tokio::test]
async fn settings_readable_with_implicit_and_client_credentials() {
    let ctx = start().await;
    for token in [ctx.implicit().await, ctx.admin().await] {
        let (status, body) = ctx.get(SETTINGS, Some(&token)).await;
        assert_eq!(status, StatusCode::OK);
        let data = &body["data"];
        assert_eq!(data["id"], SETTINGS_ID);
        assert_eq!(data["type"], "account_authentication_settings");
        assert_eq!(data["account_member_self_management"], "update_only");
        assert_eq!(data["account_management_authentication_token_timeout_secs"], 86400);
        assert_eq!(data["relationships"]["authentication_realm"]["data"]["id"], REALM_ID);
        assert_eq!(data["meta"]["client_id"], "account-management");
    }
}

#[tokio::test]
async fn settings_update_needs_client_credentials() {
    let ctx = start().await;
    let body = json!({"data": {"type": "account_authentication_settings", "account_member_self_management": "disabled"}});
    let implicit = ctx.implicit().await;
    let (status, error) = ctx.put(SETTINGS, Some(&implicit), body.clone()).await;
    assert_error(status, &error, 403);
    let admin = ctx.admin().await;
    let (status, updated) = ctx.put(SETTINGS, Some(&admin), body).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["data"]["account_member_self_management"], "disabled");
    assert_eq!(
        updated["data"]["account_management_authentication_token_timeout_secs"], 86400,
        "omitted fields are kept"
    );
    let (_, read) = ctx.get(SETTINGS, Some(&implicit)).await;
    assert_eq!(read["data"]["account_member_self_management"], "disabled");
}

#[tokio::test]
async fn settings_update_validation() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    for body in [
        json!({"data": {"type": "account_authentication_settings", "account_member_self_management": "sometimes"}}),
        json!({"data": {"type": "wrong", "account_member_self_management": "disabled"}}),
        json!({"data": {"type": "account_authentication_settings", "account_management_authentication_token_timeout_secs": 0}}),
        json!({"nodata": {}}),
    ] {
        let (status, error) = ctx.put(SETTINGS, Some(&admin), body).await;
        assert_error(status, &error, 400);
    }
    let response = ctx
        .http
        .put(ctx.url(SETTINGS))
        .bearer_auth(&admin)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = response.json().await.expect("JSON error body");
    assert_eq!(body["errors"][0]["status"], 400);
}

#[tokio::test]
async fn password_profiles_list_and_get_with_implicit() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let (status, list) = ctx.get(&realm_path("/password-profiles"), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["data"][0]["id"], PASSWORD_PROFILE_ID);
    assert_eq!(list["data"][0]["enable_one_time_password_token"], true);
    assert_eq!(list["data"][0]["username_format"], "email");
    assert_eq!(list["meta"]["results"]["total"], 1);
    let (status, one) =
        ctx.get(&realm_path(&format!("/password-profiles/{PASSWORD_PROFILE_ID}")), Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["data"]["type"], "password_profile");
    assert!(one["links"]["self"].as_str().is_some_and(|l| l.ends_with(PASSWORD_PROFILE_ID)));
    let (status, error) = ctx.get(&realm_path("/password-profiles/nope"), Some(&token)).await;
    assert_error(status, &error, 404);
    let (status, error) = ctx.get("/v2/authentication-realms/nope/password-profiles", Some(&token)).await;
    assert_error(status, &error, 404);
    let (status, error) = ctx.get(&realm_path("/password-profiles?page[limit]=0"), Some(&token)).await;
    assert_error(status, &error, 400);
}

#[tokio::test]
async fn password_profile_writes_need_client_credentials() {
    let ctx = start().await;
    let body = json!({"data": {"type": "password_profile", "name": "second", "username_format": "any"}});
    let implicit = ctx.implicit().await;
    let (status, error) = ctx.post(&realm_path("/password-profiles"), Some(&implicit), body.clone()).await;
    assert_error(status, &error, 403);
    let admin = ctx.admin().await;
    let (status, created) = ctx.post(&realm_path("/password-profiles"), Some(&admin), body).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["data"]["enable_one_time_password_token"], false, "defaults to false");
    let id = created["data"]["id"].as_str().expect("id").to_string();
    let path = realm_path(&format!("/password-profiles/{id}"));
    let update = json!({"data": {"type": "password_profile", "name": "renamed", "username_format": "email", "enable_one_time_password_token": true}});
    let (status, error) = ctx.put(&path, Some(&implicit), update.clone()).await;
    assert_error(status, &error, 403);
    let (status, updated) = ctx.put(&path, Some(&admin), update).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["data"]["name"], "renamed");
    assert_eq!(updated["data"]["enable_one_time_password_token"], true);
    for bad in [
        json!({"data": {"type": "password_profile", "name": "x"}}),
        json!({"data": {"type": "password_profile", "username_format": "email"}}),
        json!({"data": {"type": "password_profile", "name": "x", "username_format": "phone"}}),
    ] {
        let (status, error) = ctx.post(&realm_path("/password-profiles"), Some(&admin), bad).await;
        assert_error(status, &error, 400);
    }
    let (status, error) = ctx
        .put(
            &realm_path("/password-profiles/nope"),
            Some(&admin),
            json!({"data": {"type": "password_profile", "name": "x", "username_format": "any"}}),
        )
        .await;
    assert_error(status, &error, 404);
}
