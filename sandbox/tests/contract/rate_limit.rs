//! The per-store token bucket: 429, Retry-After and the switches around it.
//!
//! The bucket refills in real time, so these tests never count on how fast requests go out: with a rate
//! of 1 per second (bursts of 1) they send until a 429 comes back, within a bounded number of requests,
//! then check that answer. A slow machine only takes a few more requests to get there.

use std::time::Duration;

use reqwest::StatusCode;

use crate::support::*;

const SETTINGS: &str = "/v2/settings/account-authentication";

/// More requests than any machine needs to outrun a bucket refilling at 1 per second.
const MAX_ATTEMPTS: usize = 200;

/// Sends GETs until one is rate limited; returns that response and how many GETs it took.
async fn exhaust(ctx: &Ctx, token: &str) -> (reqwest::Response, usize) {
    for attempt in 1..=MAX_ATTEMPTS {
        let response = ctx.http.get(ctx.url(SETTINGS)).bearer_auth(token).send().await.expect("response");
        match response.status() {
            StatusCode::TOO_MANY_REQUESTS => return (response, attempt),
            StatusCode::OK => {}
            other => panic!("unexpected status {other} before the limit"),
        }
    }
    panic!("never rate limited in {MAX_ATTEMPTS} requests");
}

/// Checks a rate-limit answer's body: the EP error format with status 429.
async fn assert_rate_limit_body(response: reqwest::Response) {
    let status = response.status();
    let body: serde_json::Value = response.json().await.expect("a JSON error body");
    assert_error(status, &body, 429);
}

/// The whole seconds of a `Retry-After` header.
fn retry_after_secs(headers: &reqwest::header::HeaderMap) -> u64 {
    headers["retry-after"].to_str().ok().and_then(|v| v.parse().ok()).expect("integer seconds")
}

#[tokio::test]
async fn over_the_limit_is_429_with_retry_after() {
    let ctx = start_with(|c| c.rate_limit = 1).await;
    let token = ctx.implicit().await;
    let (response, attempts) = exhaust(&ctx, &token).await;
    let headers = response.headers().clone();
    // At 1 request per second the next token is at most 1 s away, and Retry-After is at least 1.
    assert_eq!(retry_after_secs(&headers), 1);
    assert!(headers.get("access-control-expose-headers").is_none(), "sent, but not exposed by default");
    assert_eq!(headers["access-control-allow-origin"], "*");
    assert_rate_limit_body(response).await;

    // The log holds exactly what was answered: the token, the GETs that got through, then the 429.
    let statuses: Vec<u64> = ctx.requests().await.iter().filter_map(|r| r["status"].as_u64()).collect();
    let mut expected = vec![200; attempts];
    expected.push(429);
    assert_eq!(statuses, expected, "the token request, then {attempts} GETs");

    // Preflights and the control API are not limited: they pass while the bucket is empty (the control
    // API stays out of the request log; the preflights are logged as answered).
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
    let after = ctx.requests().await;
    assert_eq!(after.len(), attempts + 1 + 10, "{after:?}");
    assert!(
        after[attempts + 1..].iter().all(|r| r["route"] == "preflight" && r["status"] == 204),
        "{after:?}"
    );
}

#[tokio::test]
async fn the_bucket_refills() {
    let ctx = start_with(|c| c.rate_limit = 2).await;
    let token = ctx.implicit().await;
    exhaust(&ctx, &token).await;
    // Less than one token is left; at 2 per second one is back within 500 ms. Waiting longer only helps.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(ctx.get(SETTINGS, Some(&token)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn retry_after_can_be_switched_off() {
    let ctx = start_with(|c| {
        c.rate_limit = 1;
        c.seed.switches.retry_after = false;
    })
    .await;
    let token = ctx.implicit().await;
    let (response, _) = exhaust(&ctx, &token).await;
    assert!(response.headers().get("retry-after").is_none());
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_rate_limit_body(response).await;
}

#[tokio::test]
async fn retry_after_can_be_exposed() {
    let ctx = start_with(|c| {
        c.rate_limit = 1;
        c.seed.switches.expose_retry_after = true;
    })
    .await;
    let token = ctx.implicit().await;
    let (response, _) = exhaust(&ctx, &token).await;
    assert_eq!(retry_after_secs(response.headers()), 1);
    assert_eq!(response.headers()["access-control-expose-headers"], "Retry-After");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_rate_limit_body(response).await;
}

#[tokio::test]
async fn stripped_error_cors_leaves_a_429_without_cors_headers() {
    let ctx = start_with(|c| {
        c.rate_limit = 1;
        c.seed.switches.strip_error_cors = true;
        c.seed.switches.expose_retry_after = true;
    })
    .await;
    let token = ctx.implicit().await;
    let (response, _) = exhaust(&ctx, &token).await;
    assert_eq!(retry_after_secs(response.headers()), 1, "still sent");
    assert!(response.headers().get("access-control-allow-origin").is_none());
    assert!(response.headers().get("access-control-expose-headers").is_none());
    assert_rate_limit_body(response).await;
}
