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

fn profile_path(id: &str) -> String {
    realm_path(&format!("/password-profiles/{id}"))
}

#[tokio::test]
async fn min_length_is_read_written_and_enforced() {
    let ctx = start_with(|c| c.seed.password_profiles[0].min_length = Some(12)).await;
    let (implicit, admin) = (ctx.implicit().await, ctx.admin().await);
    let (_, seeded) = ctx.get(&profile_path(PASSWORD_PROFILE_ID), Some(&implicit)).await;
    assert_eq!(seeded["data"]["min_length"], 12);

    // Enforced on update, with the shopper's own token and with client_credentials.
    let am = ctx.ada_am_token(&implicit).await;
    let (status, body) =
        ctx.update_password(&implicit, Some(&am), ADA, ADA_CRED, ADA_EMAIL, "eleven char").await;
    let error = assert_error(status, &body, 400);
    assert_eq!(error["source"], "data.password");
    assert!(error["detail"].as_str().is_some_and(|d| d.contains("12")), "{body}");
    let (status, _) =
        ctx.update_password(&implicit, Some(&am), ADA, ADA_CRED, ADA_EMAIL, "twelve chars").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = ctx.update_password(&admin, None, ADA, ADA_CRED, ADA_EMAIL, "short one").await;
    assert_eq!(assert_error(status, &body, 400)["source"], "data.password");

    // Enforced on create.
    let credential = |password: &str| {
        json!({"data": {"type": "user_authentication_password_profile_info",
        "password_profile_id": PASSWORD_PROFILE_ID, "username": "alan@example.com", "password": password}})
    };
    let (_, alan) = ctx
        .post(
            &realm_path("/user-authentication-info"),
            Some(&admin),
            json!({"data": {"type": "user_authentication_info", "name": "Alan Turing", "email": "alan@example.com"}}),
        )
        .await;
    let alan = alan["data"]["id"].as_str().expect("id").to_string();
    let (status, body) =
        ctx.post(&credential_path(&alan, None), Some(&admin), credential("ten chars!")).await;
    assert_eq!(assert_error(status, &body, 400)["source"], "data.password");
    let (status, _) = ctx.post(&credential_path(&alan, None), Some(&admin), credential("twelve chars")).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn min_length_on_create_and_update_of_a_profile() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let (_, seeded) = ctx.get(&profile_path(PASSWORD_PROFILE_ID), Some(&admin)).await;
    assert!(seeded["data"].get("min_length").is_none(), "not set, not sent");
    let body = json!({"data": {"type": "password_profile", "name": "long", "username_format": "any", "min_length": 10}});
    let (status, created) = ctx.post(&realm_path("/password-profiles"), Some(&admin), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["data"]["min_length"], 10);
    let id = created["data"]["id"].as_str().expect("id").to_string();
    let put = |extra: serde_json::Value| {
        let mut data = json!({"type": "password_profile", "name": "long", "username_format": "any"});
        for (key, value) in extra.as_object().cloned().unwrap_or_default() {
            data[key] = value;
        }
        json!({ "data": data })
    };
    let (status, kept) = ctx.put(&profile_path(&id), Some(&admin), put(json!({}))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kept["data"]["min_length"], 10, "omitted: kept");
    let (_, raised) = ctx.put(&profile_path(&id), Some(&admin), put(json!({"min_length": 16}))).await;
    assert_eq!(raised["data"]["min_length"], 16);
    let (_, cleared) = ctx.put(&profile_path(&id), Some(&admin), put(json!({"min_length": null}))).await;
    assert!(cleared["data"].get("min_length").is_none(), "null: removed");
    for bad in [json!(0), json!(5000)] {
        let (status, body) =
            ctx.put(&profile_path(&id), Some(&admin), put(json!({ "min_length": bad }))).await;
        assert_eq!(assert_error(status, &body, 400)["source"], "data.min_length");
    }
    let (status, body) = ctx.put(&profile_path(&id), Some(&admin), put(json!({"min_length": "10"}))).await;
    assert_error(status, &body, 400);
}

#[tokio::test]
async fn profile_put_still_needs_name_and_username_format() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    for data in [
        json!({"type": "password_profile", "name": "x", "enable_one_time_password_token": true}),
        json!({"type": "password_profile", "name": "x", "username_format": null}),
        json!({"type": "password_profile", "username_format": "email"}),
    ] {
        let (status, body) =
            ctx.put(&profile_path(PASSWORD_PROFILE_ID), Some(&admin), json!({ "data": data })).await;
        let error = assert_error(status, &body, 400);
        assert!(error["source"].as_str().is_some_and(|s| s.starts_with("data.")), "{body}");
    }
    let (_, profile) = ctx.get(&profile_path(PASSWORD_PROFILE_ID), Some(&admin)).await;
    assert_eq!(profile["data"]["enable_one_time_password_token"], true, "nothing changed");
}
