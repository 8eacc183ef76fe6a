//! Webhook delivery to integrations: the envelope, the secret header, at-least-once with retries.
//!
//! Retry bases are a few milliseconds so the tests run fast; no test asserts how long anything took.

use std::sync::Arc;
use std::time::Duration;

use ep_sandbox::seed::{REALM_ID, STORE_ID};
use ep_sandbox::webhooks::DeliveryPolicy;
use reqwest::StatusCode;
use serde_json::json;
use tokio::sync::Notify;

use crate::support::*;

const SECRET: &str = "receiver-shared-secret";

/// A sandbox retrying quickly: `max_attempts` attempts, 5 ms apart (doubling), `timeout` each.
async fn quick(max_attempts: u32, timeout: Duration) -> Ctx {
    start_with(|c| {
        c.delivery = DeliveryPolicy { retry_base: Duration::from_millis(5), timeout, max_attempts }
    })
    .await
}

#[tokio::test]
async fn fails_twice_then_gets_the_event_with_attempt_3() {
    let mut receiver = Receiver::start(vec![Reply::Status(500), Reply::Status(500)]).await;
    let ctx = quick(5, Duration::from_secs(10)).await;
    let admin = ctx.admin().await;
    let integration = ctx.create_integration(&admin, webhook_integration(&receiver.url, Some(SECRET))).await;
    let token = ctx.implicit().await;
    assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);

    let calls = [receiver.next().await, receiver.next().await, receiver.next().await];
    let attempts: Vec<_> = calls.iter().map(|c| c.body["attempt"].clone()).collect();
    assert_eq!(attempts, [json!(1), json!(2), json!(3)]);
    let email = ctx.outbox().await[0].clone();
    for call in &calls {
        assert_eq!(call.body["id"], email["id"], "the same envelope id on every attempt");
        assert_eq!(call.headers["x-moltin-secret-key"], SECRET);
        assert_eq!(call.body["configuration"]["secret_key"], SECRET, "repeated as Elastic Path documents");
    }
    let event = &calls[2].body;
    let mut keys: Vec<&str> = event.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["attempt", "configuration", "id", "integration", "payload", "store_id", "triggered_by"],
        "the documented envelope"
    );
    assert_eq!(event["store_id"], STORE_ID);
    assert_eq!(event["triggered_by"], "one-time-password-token-request.created");
    assert_eq!(
        event["integration"],
        json!({"id": integration, "integration_type": "webhook",
               "name": "One Time Password notification", "description": "Send one time password notification"})
    );
    assert_eq!(event["configuration"], json!({ "url": receiver.url, "secret_key": SECRET }));
    let payload = &event["payload"];
    assert_eq!(payload, &email["event"]["payload"]);
    assert_eq!(payload["one_time_password_token"], email["otp"]);
    assert_eq!(payload["authentication_realm_id"], REALM_ID);
    assert_eq!(payload["purpose"], "reset_password");
    assert_eq!(payload["user_authentication_info"]["id"], ADA);
    assert_eq!(payload["user_authentication_password_profile_info"]["id"], ADA_CRED);
    assert!(receiver.quiet_for(Duration::from_millis(200)).await, "delivered: no more attempts");
    assert_eq!(ctx.outbox().await.len(), 1, "one e-mail, whatever the webhook did");
}

#[tokio::test]
async fn attempts_are_bounded_by_max_attempts() {
    let mut receiver = Receiver::start(vec![Reply::Status(500); 10]).await;
    let ctx = quick(3, Duration::from_secs(10)).await;
    let admin = ctx.admin().await;
    ctx.create_integration(&admin, webhook_integration(&receiver.url, None)).await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    for attempt in 1..=3 {
        let call = receiver.next().await;
        assert_eq!(call.body["attempt"], attempt);
        assert!(call.headers.get("x-moltin-secret-key").is_none(), "no secret, no header");
    }
    assert!(receiver.quiet_for(Duration::from_millis(300)).await, "given up after the third attempt");
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let mut receiver = Receiver::start(vec![Reply::After(Duration::from_secs(5))]).await;
    let ctx = quick(3, Duration::from_millis(100)).await;
    let admin = ctx.admin().await;
    ctx.create_integration(&admin, webhook_integration(&receiver.url, None)).await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let (first, second) = (receiver.next().await, receiver.next().await);
    assert_eq!((first.body["attempt"].clone(), second.body["attempt"].clone()), (json!(1), json!(2)));
    assert_eq!(first.body["id"], second.body["id"], "a receiver may see the same envelope twice");
}

#[tokio::test]
async fn a_3xx_is_a_failed_attempt() {
    let mut receiver = Receiver::start(vec![Reply::Status(302)]).await;
    let ctx = quick(2, Duration::from_secs(10)).await;
    let admin = ctx.admin().await;
    ctx.create_integration(&admin, webhook_integration(&receiver.url, None)).await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    assert_eq!(receiver.next().await.body["attempt"], 1);
    assert_eq!(receiver.next().await.body["attempt"], 2);
}

#[tokio::test]
async fn the_api_answer_never_waits_for_the_webhook() {
    let held = Arc::new(Notify::new());
    let mut receiver = Receiver::start(vec![Reply::Held(Arc::clone(&held))]).await;
    let ctx = quick(1, Duration::from_secs(60)).await;
    let admin = ctx.admin().await;
    ctx.create_integration(&admin, webhook_integration(&receiver.url, None)).await;
    let token = ctx.implicit().await;
    // The receiver holds its answer until the OTP request has been answered; an API answer that waited
    // for the webhook would never come (the guard turns that hang into a failure).
    let answered = tokio::time::timeout(Duration::from_secs(30), ctx.request_otp(&token, ADA_EMAIL)).await;
    assert_eq!(answered.ok(), Some(StatusCode::ACCEPTED));
    assert_eq!(receiver.next().await.body["attempt"], 1);
    held.notify_one();
}

#[tokio::test]
async fn only_enabled_webhooks_observing_the_event_get_it() {
    let mut wanted = Receiver::accepting().await;
    let mut others = Receiver::accepting().await;
    let ctx = quick(1, Duration::from_secs(10)).await;
    let admin = ctx.admin().await;
    let mut disabled = webhook_integration(&others.url, None);
    disabled["enabled"] = json!(false);
    let mut elsewhere = webhook_integration(&others.url, None);
    elsewhere["observes"] = json!(["account-member.created"]);
    let mut queue = webhook_integration(&others.url, None);
    queue["integration_type"] = json!("aws_sqs");
    for data in [disabled, elsewhere, queue] {
        ctx.create_integration(&admin, data).await;
    }
    let id = ctx.create_integration(&admin, webhook_integration(&wanted.url, None)).await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    assert_eq!(wanted.next().await.body["integration"]["id"], id);

    // Disabling it through the API stops deliveries of later events.
    let path = format!("/v2/integrations/{id}");
    ctx.put(&path, Some(&admin), json!({"data": {"type": "integration", "enabled": false}})).await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    assert!(wanted.quiet_for(Duration::from_millis(200)).await);
    assert!(others.quiet_for(Duration::from_millis(100)).await);
    assert_eq!(ctx.outbox().await.len(), 2);
}

#[tokio::test]
async fn reset_cancels_deliveries_under_way() {
    let mut receiver = Receiver::start(vec![Reply::Status(500)]).await;
    let ctx = start_with(|c| {
        c.delivery = DeliveryPolicy {
            retry_base: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
            max_attempts: 5,
        }
    })
    .await;
    let admin = ctx.admin().await;
    ctx.create_integration(&admin, webhook_integration(&receiver.url, None)).await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    assert_eq!(receiver.next().await.body["attempt"], 1);
    ctx.reset().await;
    assert!(receiver.quiet_for(Duration::from_secs(3)).await, "the retry was cancelled");
    assert_eq!(ctx.get("/v2/integrations", Some(&admin)).await.1["data"], json!([]));
}
