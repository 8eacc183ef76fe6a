//! The outbox, its HTML page, the `--webhook-url` shortcut, the clock and reset.

use std::time::Duration;

use ep_sandbox::seed::STORE_ID;
use ep_sandbox::store::WEBHOOK_SHORTCUT_ID;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn webhook_url_is_a_shortcut_for_an_integration() {
    let mut receiver = Receiver::accepting().await;
    let ctx = start_with(|c| {
        c.webhook_url = Some(receiver.url.clone());
        c.webhook_secret = Some("shh-its-a-secret".into());
    })
    .await;
    let admin = ctx.admin().await;
    let (status, list) = ctx.get("/v2/integrations", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["meta"]["results"]["total"], 1);
    let integration = &list["data"][0];
    assert_eq!(integration["id"], WEBHOOK_SHORTCUT_ID);
    assert_eq!(integration["enabled"], true);
    assert_eq!(integration["integration_type"], "webhook");
    assert_eq!(integration["observes"], json!(["one-time-password-token-request.created"]));
    assert_eq!(integration["configuration"]["url"], receiver.url.as_str());

    let token = ctx.implicit().await;
    assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);
    let call = receiver.next().await;
    assert_eq!(call.headers["x-moltin-secret-key"], "shh-its-a-secret");
    assert!(call.headers["content-type"].to_str().is_ok_and(|c| c.starts_with("application/json")));
    let event = call.body;
    let email = ctx.outbox().await[0].clone();
    assert_eq!(event["id"], email["id"], "one event: the e-mail and the webhook share its id");
    assert_eq!(event["payload"], email["event"]["payload"]);
    assert_eq!(event["triggered_by"], "one-time-password-token-request.created");
    assert_eq!(event["store_id"], STORE_ID);
    assert_eq!(event["attempt"], 1);
    assert_eq!(event["integration"]["id"], WEBHOOK_SHORTCUT_ID);
    assert_eq!(event["integration"]["integration_type"], "webhook");
    assert_eq!(event["payload"]["one_time_password_token"], email["otp"]);
    assert_eq!(event["payload"]["user_authentication_info"]["email"], ADA_EMAIL);
    assert_eq!(event["payload"]["user_authentication_password_profile_info"]["username"], ADA_EMAIL);
    assert_eq!(
        event["configuration"],
        json!({ "url": receiver.url, "secret_key": "shh-its-a-secret" }),
        "repeated in the body, as in Elastic Path's documented envelope"
    );

    // Unknown users produce no event.
    ctx.request_otp(&token, "nobody@example.com").await;
    assert!(receiver.quiet_for(Duration::from_millis(200)).await);

    // Deleted, then back after a reset.
    let one = format!("/v2/integrations/{WEBHOOK_SHORTCUT_ID}");
    assert_eq!(ctx.delete(&one, Some(&admin)).await.0, StatusCode::NO_CONTENT);
    ctx.request_otp(&token, ADA_EMAIL).await;
    assert!(receiver.quiet_for(Duration::from_millis(200)).await, "no integration, no call");
    assert_eq!(ctx.outbox().await.len(), 2, "the outbox does not depend on integrations");
    ctx.reset().await;
    assert_eq!(ctx.get(&one, Some(&admin)).await.0, StatusCode::OK);
    ctx.request_otp(&token, ADA_EMAIL).await;
    assert_eq!(receiver.next().await.body["payload"]["user_authentication_info"]["email"], ADA_EMAIL);
}

#[tokio::test]
async fn webhook_without_secret_sends_no_secret_header() {
    let mut receiver = Receiver::accepting().await;
    let ctx = start_with(|c| c.webhook_url = Some(receiver.url.clone())).await;
    let admin = ctx.admin().await;
    let (_, one) = ctx.get(&format!("/v2/integrations/{WEBHOOK_SHORTCUT_ID}"), Some(&admin)).await;
    assert_eq!(one["data"]["configuration"], json!({ "url": receiver.url }));
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    assert!(receiver.next().await.headers.get("x-moltin-secret-key").is_none());
}

#[tokio::test]
async fn no_integration_by_default_and_one_email_per_event() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let (status, list) = ctx.get("/v2/integrations", Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["data"], json!([]));
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let email = ctx.outbox().await[0].clone();
    assert_eq!(email["event"]["id"], email["id"]);
    assert_eq!(email["event"]["attempt"], 1);
    assert_eq!(email["event"]["triggered_by"], "one-time-password-token-request.created");

    let (mut first, mut second) = (Receiver::accepting().await, Receiver::accepting().await);
    ctx.create_integration(&admin, webhook_integration(&first.url, None)).await;
    ctx.create_integration(&admin, webhook_integration(&second.url, None)).await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let (a, b) = (first.next().await.body, second.next().await.body);
    let outbox = ctx.outbox().await;
    assert_eq!(outbox.len(), 2, "still one e-mail per event");
    assert_eq!(a["id"], outbox[1]["id"]);
    assert_eq!(b["id"], outbox[1]["id"]);
    assert_ne!(a["integration"]["id"], b["integration"]["id"]);
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
    let response = ctx.control(Method::DELETE, "/__sandbox/outbox").send().await.expect("response");
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
    ctx.reset().await;
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
