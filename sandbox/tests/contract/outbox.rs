//! The outbox, its HTML page, the webhook, the clock and reset.

use std::time::Duration;

use axum::http::HeaderMap;
use ep_sandbox::seed::STORE_ID;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::support::*;

/// A tiny webhook receiver; each call's headers and JSON body arrive on the channel.
async fn receiver() -> (String, mpsc::UnboundedReceiver<(HeaderMap, Value)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: axum::Json<Value>| {
            let tx = tx.clone();
            async move {
                let _ = tx.send((headers, body.0));
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hook"), rx)
}

#[tokio::test]
async fn webhook_gets_the_envelope_and_secret() {
    let (url, mut calls) = receiver().await;
    let ctx = start_with(|c| {
        c.webhook_url = Some(url.clone());
        c.webhook_secret = Some("shh-its-a-secret".into());
    })
    .await;
    let token = ctx.implicit().await;
    assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);
    let (headers, event) = tokio::time::timeout(Duration::from_secs(5), calls.recv())
        .await
        .expect("webhook called in time")
        .expect("a call");
    assert_eq!(headers["x-moltin-secret-key"], "shh-its-a-secret");
    assert!(headers["content-type"].to_str().is_ok_and(|c| c.starts_with("application/json")));
    let email = ctx.outbox().await[0].clone();
    assert_eq!(event, email["event"], "the e-mail's event is what the webhook got");
    assert_eq!(event["triggered_by"], "one-time-password-token-request.created");
    assert_eq!(event["store_id"], STORE_ID);
    assert_eq!(event["integration"]["integration_type"], "webhook");
    assert_eq!(event["payload"]["one_time_password_token"], email["otp"]);
    assert_eq!(event["payload"]["user_authentication_info"]["email"], ADA_EMAIL);
    assert_eq!(event["payload"]["user_authentication_password_profile_info"]["username"], ADA_EMAIL);
    assert_eq!(event["configuration"]["url"], url.as_str());

    // Unknown users produce no event.
    ctx.request_otp(&token, "nobody@example.com").await;
    assert!(tokio::time::timeout(Duration::from_millis(200), calls.recv()).await.is_err());
}

#[tokio::test]
async fn webhook_without_secret_sends_no_secret_header() {
    let (url, mut calls) = receiver().await;
    let ctx = start_with(|c| c.webhook_url = Some(url)).await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let (headers, _) =
        tokio::time::timeout(Duration::from_secs(5), calls.recv()).await.expect("in time").expect("a call");
    assert!(headers.get("x-moltin-secret-key").is_none());
}

#[tokio::test]
async fn outbox_page_lists_clickable_links() {
    let ctx = start().await;
    let response = ctx.http.get(ctx.url("/__sandbox/outbox.html")).send().await.expect("response");
    assert!(response.text().await.expect("text").contains("No e-mails yet"));
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let email = ctx.outbox().await[0].clone();
    let response = ctx.http.get(ctx.url("/__sandbox/outbox.html")).send().await.expect("response");
    assert!(response.headers()["content-type"].to_str().is_ok_and(|c| c.starts_with("text/html")));
    let page = response.text().await.expect("text");
    let href = email["link"].as_str().expect("link").replace('&', "&amp;");
    assert!(page.contains(&format!("<a href=\"{href}\">")), "{page}");
    assert!(page.contains(email["otp"].as_str().expect("otp")));
    let response = ctx.http.delete(ctx.url("/__sandbox/outbox")).send().await.expect("response");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(ctx.outbox().await.is_empty());
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let admin = ctx.admin().await;
    ctx.update_password(&admin, None, ADA, ADA_CRED, ADA_EMAIL, "changed password").await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    ctx.advance(100).await;
    ctx.fault(serde_json::json!({"route": "settings", "status": 500})).await;
    let response = ctx.http.post(ctx.url("/__sandbox/reset")).send().await.expect("response");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(ctx.outbox().await.is_empty());
    assert!(ctx.requests().await.is_empty());
    let (_, clock) = ctx.get("/__sandbox/clock", None).await;
    assert_eq!(clock["offset_secs"], 0);
    let (_, faults) = ctx.get("/__sandbox/faults", None).await;
    assert_eq!(faults, serde_json::json!([]));
    assert_eq!(
        ctx.login(&token, ADA_EMAIL, ADA_PASSWORD).await.0,
        StatusCode::CREATED,
        "old password back; token kept"
    );
    assert_eq!(ctx.login(&token, ADA_EMAIL, "changed password").await.0, StatusCode::UNAUTHORIZED);
}
