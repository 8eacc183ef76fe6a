//! CORS as a cross-origin storefront needs it, never with credentials.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn preflight_allows_the_bearer_headers() {
    let ctx = start_with(|c| c.api_listen = Some("127.0.0.1:0".parse().expect("addr"))).await;
    let api = ctx.sandbox.api_origin();
    assert_ne!(api, ctx.sandbox.app_origin(), "a second origin");
    for path in ["/v2/account-members/tokens", "/oauth/access_token", &credential_path(ADA, Some(ADA_CRED))] {
        let response = ctx
            .http
            .request(Method::OPTIONS, format!("{api}{path}"))
            .header("Origin", "http://shop.example")
            .header("Access-Control-Request-Method", "PUT")
            .header(
                "Access-Control-Request-Headers",
                "authorization,content-type,ep-account-management-authentication-token",
            )
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        let headers = response.headers();
        assert_eq!(headers["access-control-allow-origin"], "*");
        let allowed = headers["access-control-allow-headers"].to_str().expect("ascii").to_ascii_lowercase();
        for header in ["authorization", "content-type", "ep-account-management-authentication-token"] {
            assert!(allowed.contains(header), "{allowed}");
        }
        let methods = headers["access-control-allow-methods"].to_str().expect("ascii");
        for method in ["GET", "POST", "PUT"] {
            assert!(methods.contains(method), "{methods}");
        }
        assert!(
            headers.get("access-control-expose-headers").is_none(),
            "Retry-After is not exposed by default"
        );
        assert!(headers.get("access-control-allow-credentials").is_none());
    }
}

#[tokio::test]
async fn every_api_answer_carries_cors_headers() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let cases = [
        (Method::GET, "/v2/settings/account-authentication".to_string(), Some(token.as_str()), 200),
        (Method::GET, "/v2/settings/account-authentication".to_string(), None, 401),
        (Method::GET, "/v2/unknown".to_string(), None, 404),
        (Method::DELETE, "/v2/account-members/tokens".to_string(), None, 405),
    ];
    for (method, path, token, expected) in cases {
        let (status, headers, body) = ctx.send(method, &path, token, None, None).await;
        assert_eq!(status.as_u16(), expected, "{path}");
        assert_eq!(headers["access-control-allow-origin"], "*", "{path}");
        assert!(headers.get("access-control-expose-headers").is_none());
        assert!(headers.get("access-control-allow-credentials").is_none());
        if expected >= 400 {
            assert_error(status, &body, expected);
        }
    }
}

#[tokio::test]
async fn control_api_is_not_readable_cross_origin() {
    // No web page open in the same browser may read a running sandbox's one-time codes.
    let ctx = start().await;
    let response = ctx
        .http
        .request(Method::OPTIONS, ctx.url("/__sandbox/faults"))
        .header("Origin", "http://localhost:3000")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .expect("response");
    assert!(response.headers().get("access-control-allow-origin").is_none());
    let (status, headers, _) = ctx.send(Method::GET, "/__sandbox/outbox", None, None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers.get("access-control-allow-origin").is_none());
    assert_eq!(headers["cache-control"], "no-store");
    let (status, body) = ctx.get("/__sandbox/nope", None).await;
    assert_error(status, &body, 404);
    let (status, body) = ctx.post("/__sandbox/clock", None, json!({"advance_secs": -5})).await;
    assert_error(status, &body, 400);
}

#[tokio::test]
async fn oversized_body_still_gets_the_error_body() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let response = ctx
        .http
        .post(ctx.url("/v2/account-members/tokens"))
        .bearer_auth(&token)
        .header("Content-Type", "application/json")
        .body(vec![b' '; 3 * 1024 * 1024])
        .send()
        .await
        .expect("response");
    let status = response.status();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let body: serde_json::Value = response.json().await.expect("JSON error body");
    assert_error(status, &body, 413);
}
