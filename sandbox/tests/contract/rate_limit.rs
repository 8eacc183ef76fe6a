//! The per-store token bucket: 429, Retry-After and its switches.

use reqwest::StatusCode;

use crate::support::*;

const SETTINGS: &str = "/v2/settings/account-authentication";

/// Sends GETs until one is rate limited; returns that response.
async fn exhaust(ctx: &Ctx, token: &str) -> reqwest::Response {
    for _ in 0..50 {
        let response = ctx.http.get(ctx.url(SETTINGS)).bearer_auth(token).send().await.expect("response");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            return response;
        }
    }
    panic!("never rate limited");
}

#[tokio::test]
async fn over_the_limit_is_429_with_retry_after() {
    let ctx = start_with(|c| c.rate_limit = 3).await;
    let token = ctx.implicit().await;
    let response = exhaust(&ctx, &token).await;
    let headers = response.headers().clone();
    let retry_after: u64 =
        headers["retry-after"].to_str().ok().and_then(|v| v.parse().ok()).expect("integer seconds");
    assert!(retry_after >= 1);
    assert_eq!(headers["access-control-expose-headers"], "Retry-After");
    assert_eq!(headers["access-control-allow-origin"], "*");
    let body: serde_json::Value = response.json().await.expect("error body");
    assert_error(StatusCode::TOO_MANY_REQUESTS, &body, 429);

    // Preflights and the control API are not limited.
    for _ in 0..10 {
        let preflight = ctx
            .http
            .request(reqwest::Method::OPTIONS, ctx.url(SETTINGS))
            .header("Origin", "http://shop.example")
            .header("Access-Control-Request-Method", "GET")
            .send()
            .await
            .expect("response");
        assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
        assert_eq!(ctx.get("/__sandbox/outbox", None).await.0, StatusCode::OK);
    }
    // The first 3 succeeded before the 429.
    let statuses: Vec<u64> = ctx.requests().await.iter().filter_map(|r| r["status"].as_u64()).collect();
    assert_eq!(&statuses[..4], &[200, 200, 200, 429], "{statuses:?}");
}

#[tokio::test]
async fn the_bucket_refills() {
    let ctx = start_with(|c| c.rate_limit = 20).await;
    let token = ctx.implicit().await;
    exhaust(&ctx, &token).await;
    tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    assert_eq!(ctx.get(SETTINGS, Some(&token)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn retry_after_can_be_switched_off() {
    let ctx = start_with(|c| {
        c.rate_limit = 2;
        c.retry_after = false;
    })
    .await;
    let token = ctx.implicit().await;
    let response = exhaust(&ctx, &token).await;
    assert!(response.headers().get("retry-after").is_none());
}

#[tokio::test]
async fn exposing_retry_after_can_be_switched_off() {
    let ctx = start_with(|c| {
        c.rate_limit = 2;
        c.expose_retry_after = false;
    })
    .await;
    let token = ctx.implicit().await;
    let response = exhaust(&ctx, &token).await;
    assert!(response.headers().get("retry-after").is_some());
    assert!(response.headers().get("access-control-expose-headers").is_none());
}
