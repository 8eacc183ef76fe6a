//! User authentication info and password profile info (admin side).

use ep_sandbox::seed::PASSWORD_PROFILE_ID;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn users_create_list_filter_get() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let implicit = ctx.implicit().await;
    let users = realm_path("/user-authentication-info");
    let body = json!({"data": {"type": "user_authentication_info", "name": "Alan Turing", "email": "alan@example.com"}});
    let (status, error) = ctx.post(&users, Some(&implicit), body.clone()).await;
    assert_error(status, &error, 403);
    let (status, created) = ctx.post(&users, Some(&admin), body).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["data"]["type"], "user_authentication_info");
    assert_eq!(created["data"]["meta"]["creation_status"], "COMPLETE");
    let id = created["data"]["id"].as_str().expect("id").to_string();

    let (status, list) = ctx.get(&format!("{users}?filter=eq(email,ada@example.com)"), Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["data"][0]["id"], ADA);
    assert_eq!(list["data"][0]["name"], "Ada Lovelace");
    let (_, all) = ctx.get(&format!("{users}?page[limit]=2"), Some(&admin)).await;
    assert_eq!(all["meta"]["results"]["total"], 4);
    assert_eq!(all["data"].as_array().map(Vec::len), Some(2));
    let (status, error) = ctx.get(&format!("{users}?filter=gt(email,a)"), Some(&admin)).await;
    assert_error(status, &error, 400);
    let (status, error) = ctx.get(&users, Some(&implicit)).await;
    assert_error(status, &error, 403);

    let (status, one) = ctx.get(&format!("{users}/{id}"), Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["data"]["email"], "alan@example.com");
    let (status, error) = ctx.get(&format!("{users}/nope"), Some(&admin)).await;
    assert_error(status, &error, 404);
    let (status, error) = ctx
        .post(&users, Some(&admin), json!({"data": {"type": "user_authentication_info", "name": "x"}}))
        .await;
    assert_error(status, &error, 400);
}

#[tokio::test]
async fn credentials_create_list_get() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let (_, created) = ctx
        .post(
            &realm_path("/user-authentication-info"),
            Some(&admin),
            json!({"data": {"type": "user_authentication_info", "name": "Alan Turing", "email": "alan@example.com"}}),
        )
        .await;
    let alan = created["data"]["id"].as_str().expect("id").to_string();
    let body = |password: &str, username: &str| json!({"data": {"type": "user_authentication_password_profile_info", "password_profile_id": PASSWORD_PROFILE_ID, "username": username, "password": password}});
    let (status, error) =
        ctx.post(&credential_path(&alan, None), Some(&admin), body("short", "alan@example.com")).await;
    assert_error(status, &error, 400);
    let implicit = ctx.implicit().await;
    let (status, error) = ctx
        .post(&credential_path(&alan, None), Some(&implicit), body("long enough", "alan@example.com"))
        .await;
    assert_error(status, &error, 403);
    let (status, cred) =
        ctx.post(&credential_path(&alan, None), Some(&admin), body("long enough", "alan@example.com")).await;
    assert_eq!(status, StatusCode::CREATED, "{cred}");
    assert!(cred["data"].get("password").is_none(), "never returns the password");
    let (status, error) =
        ctx.post(&credential_path(&alan, None), Some(&admin), body("long enough", "other@example.com")).await;
    assert_error(status, &error, 409);
    let (status, error) =
        ctx.post(&credential_path(GRACE, None), Some(&admin), body("long enough", ADA_EMAIL)).await;
    assert_error(status, &error, 409);
    let (status, login) = ctx.login(&implicit, "alan@example.com", "long enough").await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(login["data"], json!([]), "a new member has no account");

    let (status, list) = ctx.get(&credential_path(ADA, None), Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["data"][0]["id"], ADA_CRED);
    assert_eq!(list["data"][0]["username"], ADA_EMAIL);
    assert_eq!(list["data"][0]["password_profile_id"], PASSWORD_PROFILE_ID);
    let (status, one) = ctx.get(&credential_path(ADA, Some(ADA_CRED)), Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["data"]["type"], "user_authentication_password_profile_info");
    let (status, error) = ctx.get(&credential_path(ADA, Some(GRACE_CRED)), Some(&admin)).await;
    assert_error(status, &error, 404);
    let (status, error) = ctx.get(&credential_path("nope", None), Some(&admin)).await;
    assert_error(status, &error, 404);
}

#[tokio::test]
async fn credential_update_by_admin_and_validation() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let implicit = ctx.implicit().await;
    let (status, error) = ctx.update_password(&admin, None, ADA, ADA_CRED, ADA_EMAIL, "1234567").await;
    assert_error(status, &error, 400);
    let (status, error) = ctx.update_password(&admin, None, ADA, GRACE_CRED, ADA_EMAIL, "12345678").await;
    assert_error(status, &error, 404);
    let wrong_type =
        json!({"data": {"type": "user-authentication-password-profile-info", "password": "12345678"}});
    let (status, error) = ctx.put(&credential_path(ADA, Some(ADA_CRED)), Some(&admin), wrong_type).await;
    assert_error(status, &error, 400);
    let wrong_profile = json!({"data": {"type": "user_authentication_password_profile_info", "password_profile_id": "other", "password": "12345678"}});
    let (status, error) = ctx.put(&credential_path(ADA, Some(ADA_CRED)), Some(&admin), wrong_profile).await;
    assert_error(status, &error, 400);
    let (status, updated) =
        ctx.update_password(&admin, None, ADA, ADA_CRED, ADA_EMAIL, "brand new pässword 🙂").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated["data"]["id"], ADA_CRED);
    assert!(updated["data"].get("password").is_none());
    assert_eq!(ctx.login(&implicit, ADA_EMAIL, "brand new pässword 🙂").await.0, StatusCode::CREATED);
    assert_eq!(ctx.login(&implicit, ADA_EMAIL, ADA_PASSWORD).await.0, StatusCode::UNAUTHORIZED);
    let long = "p".repeat(1024);
    let (status, _) = ctx.update_password(&admin, None, ADA, ADA_CRED, ADA_EMAIL, &long).await;
    assert_eq!(status, StatusCode::OK, "1,024 bytes are accepted");
}
