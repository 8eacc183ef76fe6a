//! The request log's header record: every header's name, values redacted but `Referer`, `Cookie` and
//! `Origin` as sent, so a browser test can prove which of them the app sends.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn headers_are_recorded_with_secrets_redacted() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let am = ctx.ada_am_token(&token).await;
    ctx.control(Method::DELETE, "/__sandbox/requests").send().await.expect("response");
    let response = ctx
        .http
        .get(ctx.url(&credential_path(ADA, None)))
        .bearer_auth(&token)
        .header("EP-Account-Management-Authentication-Token", &am)
        .header("Referer", "http://shop.example/change_password?username=ada&token=abc123")
        .header("Cookie", "session=s3cr3t")
        .header("Origin", "http://shop.example")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let records = ctx.requests().await;
    let headers = &records.last().expect("recorded")["headers"];
    assert_eq!(headers["authorization"], "[redacted]");
    assert_eq!(headers["ep-account-management-authentication-token"], "[redacted]");
    assert_eq!(headers["referer"], "http://shop.example/change_password?username=ada&token=abc123");
    assert_eq!(headers["cookie"], "session=s3cr3t");
    assert_eq!(headers["origin"], "http://shop.example");
    assert!(headers["host"].is_string(), "every header is listed: {headers}");
    let log = Value::Array(records).to_string();
    assert!(!log.contains(&token) && !log.contains(&am), "no token in the log");
}

#[tokio::test]
async fn a_request_without_them_records_their_absence_and_preflights_are_recorded_too() {
    let ctx = start().await;
    let (status, _) =
        ctx.token_response(&[("grant_type", "implicit"), ("client_id", "demo-client-id")]).await;
    assert_eq!(status, StatusCode::OK);
    ctx.http
        .request(Method::OPTIONS, ctx.url("/v2/account-members/tokens"))
        .header("Origin", "http://shop.example")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .expect("response");
    let records = ctx.requests().await;
    assert_eq!(records.len(), 2);
    let token_request = &records[0]["headers"];
    for absent in ["referer", "cookie", "origin", "authorization"] {
        assert!(token_request.get(absent).is_none(), "{absent} in {token_request}");
    }
    assert_eq!(token_request["content-type"], "[redacted]");
    assert_eq!(records[1]["route"], "preflight");
    assert_eq!(records[1]["headers"]["origin"], "http://shop.example");
    assert_eq!(records[1]["headers"]["access-control-request-method"], "[redacted]");
    let (_, body) = ctx.get("/__sandbox/requests", None).await;
    assert_eq!(body.as_array().map(Vec::len), Some(2), "control calls stay out of the log");
    assert_eq!(json!(records[0]["method"]), json!("POST"));
}
