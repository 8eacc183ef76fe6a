//! The control API refuses what a web page could send: no control header (a cross-site simple request),
//! a body that is not JSON, a `Host` that is not the sandbox's own (DNS rebinding).

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

/// The error body's first `detail`, after checking the status.
fn detail(status: StatusCode, body: &str, expected: u16) -> String {
    let body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    assert_error(status, &body, expected)["detail"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn cross_site_simple_requests_are_refused_and_change_nothing() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);
    // What a page elsewhere can send without a preflight: a form post, a text/plain beacon, a GET.
    let attempts = [
        ctx.http.post(ctx.url("/__sandbox/reset")).form(&[("x", "1")]),
        ctx.http
            .post(ctx.url("/__sandbox/faults"))
            .header("Content-Type", "text/plain")
            .body(json!({"route": "otp_request", "status": 500, "times": 0}).to_string()),
        ctx.http
            .request(Method::POST, ctx.url("/__sandbox/clock"))
            .header("Content-Type", "multipart/form-data; boundary=x")
            .body("--x--"),
        ctx.http.delete(ctx.url("/__sandbox/outbox")),
        ctx.http.get(ctx.url("/__sandbox/outbox")).header("Origin", "http://evil.example"),
        ctx.http.get(ctx.url("/__sandbox/requests")),
    ];
    for attempt in attempts {
        let response = attempt.send().await.expect("response");
        let status = response.status();
        assert!(response.headers().get("access-control-allow-origin").is_none());
        let text = response.text().await.expect("body");
        assert!(detail(status, &text, 403).contains("EP-Sandbox-Control"), "{text}");
        assert!(!text.contains("otp"), "no e-mail leaks into a refusal: {text}");
    }
    assert_eq!(ctx.outbox().await.len(), 1, "the reset and the DELETE did not happen");
    let (_, faults) = ctx.get("/__sandbox/faults", None).await;
    assert_eq!(faults, json!([]), "no fault was added");
    let (_, clock) = ctx.get("/__sandbox/clock", None).await;
    assert_eq!(clock["offset_secs"], 0);
}

#[tokio::test]
async fn the_header_needs_the_value_1_and_writes_need_json() {
    let ctx = start().await;
    let response = ctx
        .http
        .get(ctx.url("/__sandbox/outbox"))
        .header(CONTROL_HEADER, "yes")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // The header alone is not enough for a write: its body must be declared JSON (even when empty).
    for (method, path, content_type) in [
        (Method::POST, "/__sandbox/reset", None),
        (Method::POST, "/__sandbox/clock", Some("text/plain")),
        (Method::PATCH, "/__sandbox/switches", Some("application/x-www-form-urlencoded")),
        (Method::DELETE, "/__sandbox/outbox", None),
    ] {
        let mut request = ctx.http.request(method.clone(), ctx.url(path)).header(CONTROL_HEADER, "1");
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type).body(r#"{"advance_secs": 5}"#);
        }
        let response = request.send().await.expect("response");
        let status = response.status();
        let text = response.text().await.expect("body");
        assert!(detail(status, &text, 415).contains("application/json"), "{method} {path}: {text}");
    }
    let (_, clock) = ctx.get("/__sandbox/clock", None).await;
    assert_eq!(clock["offset_secs"], 0, "the text/plain clock change did not happen");
    let response = ctx
        .control(Method::POST, "/__sandbox/clock")
        .header("Content-Type", "Application/JSON; charset=utf-8")
        .body(r#"{"advance_secs": 5}"#)
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK, "media type parameters and case do not matter");
}

#[tokio::test]
async fn a_preflight_is_never_granted() {
    let ctx = start().await;
    let response = ctx
        .http
        .request(Method::OPTIONS, ctx.url("/__sandbox/reset"))
        .header("Origin", "http://evil.example")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "ep-sandbox-control, content-type")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    for name in
        ["access-control-allow-origin", "access-control-allow-headers", "access-control-allow-methods"]
    {
        assert!(response.headers().get(name).is_none(), "{name}");
    }
}

/// A raw HTTP/1.1 request with this `Host` (and the control header), as a rebinding page's would arrive.
async fn with_host(ctx: &Ctx, method: &str, path: &str, host: Option<&str>) -> (u16, String) {
    let host_line = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\n{host_line}{CONTROL_HEADER}: 1\r\nContent-Type: application/json\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
    let answer = raw_request(ctx.sandbox.app_addr, &request).await;
    let status = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, answer)
}

/// A port number that is neither of `taken`.
fn free_port_besides(taken: &[u16]) -> u16 {
    (1024..u16::MAX).find(|p| !taken.contains(p)).unwrap_or(1)
}

#[tokio::test]
async fn a_foreign_host_is_refused_even_with_the_header() {
    let ctx = start_with(|c| c.api_listen = Some("127.0.0.1:0".parse().expect("address"))).await;
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let otp = ctx.last_otp().await;
    let port = ctx.sandbox.app_addr.port();
    let api_port = ctx.sandbox.api_addr.expect("api address").port();
    for host in [
        Some("rebind.evil.example".to_string()),
        Some(format!("rebind.evil.example:{port}")),
        Some(format!("localhost.evil.example:{port}")),
        Some(format!("127.0.0.1:{}", free_port_besides(&[port, api_port]))),
        None,
    ] {
        for (method, path) in
            [("GET", "/__sandbox/outbox"), ("GET", "/__sandbox/outbox.html"), ("POST", "/__sandbox/reset")]
        {
            let (status, answer) = with_host(&ctx, method, path, host.as_deref()).await;
            assert_eq!(status, 403, "{method} {path} with Host {host:?}: {answer}");
            assert!(answer.contains("Host header"), "{answer}");
            assert!(!answer.contains(&otp), "the code never leaves in a refusal");
        }
    }
    assert_eq!(ctx.outbox().await.len(), 1, "no reset happened");
    // Both sockets serve the same sandbox: either one's address is its own.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{api_port}"),
    ] {
        let (status, answer) = with_host(&ctx, "GET", "/__sandbox/outbox", Some(&host)).await;
        assert_eq!(status, 200, "{host}: {answer}");
    }
    // The API origin's control API answers its own address.
    let response = ctx
        .http
        .get(format!("{}/__sandbox/switches", ctx.sandbox.api_origin()))
        .header(CONTROL_HEADER, "1")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    // The API itself is for any page (CORS `*`), so it does not check `Host`.
    let (status, _) = with_host(&ctx, "GET", "/v2/unknown", Some("rebind.evil.example")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_outbox_page_needs_no_header_but_cannot_be_framed_or_read_cross_origin() {
    let ctx = start().await;
    let response = ctx.http.get(ctx.url("/__sandbox/outbox.html")).send().await.expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["content-security-policy"], "frame-ancestors 'none'");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers.get("access-control-allow-origin").is_none());
    let response = ctx.http.post(ctx.url("/__sandbox/outbox.html")).send().await.expect("response");
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "only reading the page is exempt");
}

#[tokio::test]
async fn an_app_url_host_is_accepted_for_the_control_api() {
    let ctx = start_with(|c| c.app_url = Some("http://shop.test:8080/account/".into())).await;
    let (status, answer) = with_host(&ctx, "GET", "/__sandbox/outbox", Some("shop.test:8080")).await;
    assert_eq!(status, 200, "{answer}");
    let (status, _) = with_host(&ctx, "GET", "/__sandbox/outbox", Some("shop.test:8081")).await;
    assert_eq!(status, 403);
}
