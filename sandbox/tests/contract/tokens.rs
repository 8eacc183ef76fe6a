//! `POST /oauth/access_token` and bearer-token validation.

use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn implicit_token_has_the_documented_top_level_shape() {
    let ctx = start().await;
    let (_, clock) = ctx.get("/__sandbox/clock", None).await;
    let (status, body) =
        ctx.token_response(&[("grant_type", "implicit"), ("client_id", "demo-client-id")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["identifier"], "implicit");
    assert_eq!(body["expires_in"], 3600);
    let expires = body["expires"].as_i64().expect("epoch seconds");
    let now = clock["now"].as_i64().expect("now");
    assert!((now + 3600..=now + 3602).contains(&expires), "{expires} vs {now}");
    assert!(body["access_token"].as_str().is_some_and(|t| t.len() >= 32));
    assert!(body.get("data").is_none(), "not wrapped in data");
}

#[tokio::test]
async fn client_credentials_token() {
    let ctx = start().await;
    let (status, body) = ctx
        .token_response(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-client-id"),
            ("client_secret", "demo-client-secret"),
        ])
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["identifier"], "client_credentials");
    assert_eq!(body["expires_in"], 3600);
}

#[tokio::test]
async fn token_errors() {
    let ctx = start().await;
    let cases: &[(&[(&str, &str)], u16)] = &[
        (&[("grant_type", "implicit"), ("client_id", "nope")], 401),
        (
            &[
                ("grant_type", "client_credentials"),
                ("client_id", "demo-client-id"),
                ("client_secret", "wrong"),
            ],
            401,
        ),
        (&[("grant_type", "client_credentials"), ("client_id", "demo-client-id")], 400),
        (&[("client_id", "demo-client-id")], 400),
        (&[("grant_type", "password"), ("client_id", "demo-client-id")], 400),
        (&[("grant_type", "implicit")], 400),
    ];
    for (form, expected) in cases {
        let (status, body) = ctx.token_response(form).await;
        assert_error(status, &body, *expected);
    }
    // The docs' curl example sends JSON by mistake: that is a 400 with the error body.
    let (status, body) = ctx
        .post("/oauth/access_token", None, json!({"grant_type": "implicit", "client_id": "demo-client-id"}))
        .await;
    assert_error(status, &body, 400);
}

#[tokio::test]
async fn tokens_expire_through_the_clock() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let admin = ctx.admin().await;
    let settings = "/v2/settings/account-authentication";
    assert_eq!(ctx.get(settings, Some(&token)).await.0, StatusCode::OK);
    ctx.advance(3601).await;
    for token in [&token, &admin] {
        let (status, body) = ctx.get(settings, Some(token)).await;
        let error = assert_error(status, &body, 401);
        assert_eq!(error["title"], "Unable to validate access token");
    }
    let fresh = ctx.implicit().await;
    assert_eq!(ctx.get(settings, Some(&fresh)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn missing_or_unknown_bearer_is_401() {
    let ctx = start().await;
    for token in [None, Some("not-a-token")] {
        let (status, body) = ctx.get("/v2/settings/account-authentication", token).await;
        assert_error(status, &body, 401);
    }
    let response = ctx
        .http
        .get(ctx.url("/v2/settings/account-authentication"))
        .header("Authorization", "Basic abc")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}
