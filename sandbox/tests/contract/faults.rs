//! Injected faults and the request log.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn status_fault_counts_down() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.fault(json!({"route": "otp_request", "status": 503, "delay_ms": 0, "drop": false, "malformed": false, "times": 2})).await;
    for _ in 0..2 {
        let body = json!({"data": {"type": "one_time_password_token_request", "username": ADA_EMAIL, "purpose": "reset_password"}});
        let (status, error) = ctx.post(&otp_path(), Some(&token), body).await;
        assert_error(status, &error, 503);
        assert!(error["errors"][0]["request_id"].is_string(), "5xx carry a request_id");
    }
    assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);
    assert_eq!(ctx.outbox().await.len(), 1, "failed requests sent nothing");
    let (_, faults) = ctx.get("/__sandbox/faults", None).await;
    assert_eq!(faults, json!([]));
}

#[tokio::test]
async fn faults_apply_to_their_route_only_and_can_be_cleared() {
    let ctx = start().await;
    ctx.fault(json!({"route": "settings", "status": 500})).await;
    ctx.fault(json!({"route": "uappi_update", "status": 500, "times": 0})).await;
    let token = ctx.implicit().await;
    let (status, _) = ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, _) = ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "times defaults to 1");
    for _ in 0..3 {
        let (status, _) = ctx.update_password(&token, None, ADA, ADA_CRED, ADA_EMAIL, "new password").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "times 0 lasts until cleared");
    }
    let response = ctx.http.delete(ctx.url("/__sandbox/faults")).send().await.expect("response");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, _) = ctx.update_password(&token, None, ADA, ADA_CRED, ADA_EMAIL, "new password").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "handled normally again");
    let (status, body) = ctx.post("/__sandbox/faults", None, json!({"route": "nope", "status": 500})).await;
    assert_error(status, &body, 400);
    let (status, body) =
        ctx.post("/__sandbox/faults", None, json!({"route": "settings", "status": 200})).await;
    assert_error(status, &body, 400);
}

#[tokio::test]
async fn delay_fault_delays() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.fault(json!({"route": "settings", "delay_ms": 300})).await;
    let started = Instant::now();
    let (status, _) = ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "a delay alone still answers normally");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn drop_fault_is_a_network_error() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.fault(json!({"route": "account_member_tokens", "drop": true})).await;
    let result = ctx
        .http
        .post(ctx.url("/v2/account-members/tokens"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await;
    assert!(result.is_err(), "the client must see a network error, not an answer");
    let records = ctx.requests().await;
    let last = records.last().expect("recorded");
    assert_eq!(last["route"], "account_member_tokens");
    assert_eq!(last["status"], 0);
    // The server keeps working.
    assert_eq!(ctx.get("/v2/settings/account-authentication", Some(&token)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn malformed_fault_answers_success_status_with_bad_json() {
    let ctx = start().await;
    ctx.fault(json!({"route": "account_member_tokens", "malformed": true})).await;
    ctx.fault(json!({"route": "access_token", "malformed": true})).await;
    let response = ctx
        .http
        .post(ctx.url("/oauth/access_token"))
        .form(&[("grant_type", "implicit"), ("client_id", "demo-client-id")])
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("text");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
    let token = ctx.implicit().await;
    let response = ctx
        .http
        .post(ctx.url("/v2/account-members/tokens"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::CREATED);
    let text = response.text().await.expect("text");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
}

#[tokio::test]
async fn injected_429_sends_retry_after_2() {
    let ctx = start().await;
    ctx.fault(json!({"route": "access_token", "status": 429})).await;
    let response = ctx
        .http
        .post(ctx.url("/oauth/access_token"))
        .form(&[("grant_type", "implicit"), ("client_id", "demo-client-id")])
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "2");
    assert!(response.headers().get("access-control-expose-headers").is_none(), "not exposed by default");

    let ctx = start_with(|c| c.seed.switches.retry_after = false).await;
    ctx.fault(json!({"route": "access_token", "status": 429})).await;
    let (status, _) =
        ctx.token_response(&[("grant_type", "implicit"), ("client_id", "demo-client-id")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let response = ctx.http.get(ctx.url("/__sandbox/requests")).send().await.expect("response");
    assert!(response.headers().get("retry-after").is_none());
}

#[tokio::test]
async fn request_log_names_routes_and_skips_control_calls() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let am = ctx.ada_am_token(&token).await;
    ctx.update_password(&token, Some(&am), ADA, ADA_CRED, ADA_EMAIL, "new password 1").await;
    ctx.send(reqwest::Method::GET, &credential_path(ADA, None), Some(&token), Some(&am), None).await;
    ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    ctx.get(&realm_path("/password-profiles?page[limit]=5"), Some(&token)).await;
    ctx.get("/v2/nothing-here", Some(&token)).await;
    let _ = ctx.http.request(reqwest::Method::OPTIONS, ctx.url("/v2/account-members/tokens")).send().await;
    let routes: Vec<(String, String, u64)> = ctx
        .requests()
        .await
        .iter()
        .map(|r| {
            (
                r["route"].as_str().unwrap_or_default().to_string(),
                r["path"].as_str().unwrap_or_default().to_string(),
                r["status"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let names: Vec<&str> = routes.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(
        names,
        [
            "access_token",
            "otp_request",
            "account_member_tokens",
            "uappi_update",
            "uappi_list",
            "settings",
            "password_profiles",
            "not_found",
            "preflight"
        ]
    );
    assert!(routes.iter().all(|(_, path, _)| !path.contains('?')), "no query strings");
    assert_eq!(routes[3].2, 200);
    let response = ctx.http.delete(ctx.url("/__sandbox/requests")).send().await.expect("response");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(ctx.requests().await.is_empty());
}
