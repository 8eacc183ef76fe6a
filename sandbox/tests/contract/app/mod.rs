//! Serving the built app: files, content types, single-page fallback, traversal, attribute rewriting.

mod cdn;

use std::path::PathBuf;

use reqwest::StatusCode;

use crate::support::*;

const INDEX: &str = "<!doctype html><html><body>\
<ep-password-reset data-api-base=\"not this\" api-base=\"https://useast.api.elasticpath.com\" base-path=\"/\" client-id=\"x\"></ep-password-reset>\
<p api-base=\"second\"></p></body></html>";

/// A fake `dist/` inside a parent directory that also holds a file the server must never serve.
/// The trunk-like build of [`cdn::built`] is in it too.
fn dist(index: &str) -> PathBuf {
    let parent = temp_dir("app");
    std::fs::write(parent.join("secret.txt"), "top secret").expect("write");
    let dist = parent.join("dist");
    std::fs::create_dir_all(dist.join("pkg")).expect("mkdir");
    let files: &[(&str, &[u8])] = &[
        ("index.html", index.as_bytes()),
        ("pkg/app_bg.wasm", b"\0asm\x01\0\0\0"),
        ("pkg/app.js", b"export default 1;"),
        ("style.css", b"body{}"),
        ("robots.txt", b"User-agent: *"),
        ("data.json", b"{}"),
        ("icon.svg", b"<svg/>"),
    ];
    for (name, bytes) in files {
        std::fs::write(dist.join(name), bytes).expect("write");
    }
    for (name, bytes) in cdn::built() {
        std::fs::write(dist.join(name), bytes).expect("write");
    }
    dist
}

async fn fetch(ctx: &Ctx, path: &str) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let response = ctx.http.get(ctx.url(path)).send().await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.expect("text"))
}

#[tokio::test]
async fn serves_files_with_content_types_and_headers() {
    let dir = dist(INDEX);
    let ctx = start_with(|c| c.app_dir = Some(dir)).await;
    let cases = [
        ("/pkg/app_bg.wasm", "application/wasm"),
        ("/pkg/app.js", "text/javascript"),
        ("/style.css", "text/css"),
        ("/robots.txt", "text/plain"),
        ("/data.json", "application/json"),
        ("/icon.svg", "image/svg+xml"),
        ("/", "text/html"),
        ("/index.html", "text/html"),
    ];
    for (path, content_type) in cases {
        let (status, headers, _) = fetch(&ctx, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let actual = headers["content-type"].to_str().expect("ascii");
        assert!(actual.starts_with(content_type), "{path}: {actual}");
        assert_eq!(headers["referrer-policy"], "no-referrer");
        assert_eq!(headers["x-content-type-options"], "nosniff");
    }
    let (_, headers, body) = fetch(&ctx, "/").await;
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(body, INDEX, "no rewriting unless asked");
}

#[tokio::test]
async fn deep_links_fall_back_to_index() {
    let dir = dist(INDEX);
    let ctx = start_with(|c| c.app_dir = Some(dir)).await;
    for path in [
        "/change_password?username=ada%40example.com&token=abc123",
        "/forgot_password",
        "/some/deep/route",
        "/missing.js",
    ] {
        let (status, headers, body) = fetch(&ctx, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers["cache-control"], "no-store");
        assert_eq!(body, INDEX, "{path}");
    }
    // API and control paths never fall back to the app.
    for path in ["/v2/unknown", "/oauth/nope", "/v2"] {
        let (status, _, body) = fetch(&ctx, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let body: serde_json::Value = serde_json::from_str(&body).expect("JSON error");
        assert_error(status, &body, 404);
    }
    let (status, body) = ctx.get("/__sandbox/unknown", None).await;
    assert_error(status, &body, 404);
    let (status, _, _) = fetch(&ctx, "/__sandbox/unknown").await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a control path without the control header is refused, not served"
    );
}

#[tokio::test]
async fn traversal_is_refused() {
    let dir = dist(INDEX);
    let ctx = start_with(|c| c.app_dir = Some(dir)).await;
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/pkg/..%2f..%2fsecret.txt",
        "/%2E%2E%5Csecret.txt",
        "/pkg/%00",
    ] {
        let answer = raw_request(
            ctx.sandbox.app_addr,
            &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{path}: {answer}");
        assert!(!answer.contains("top secret"), "{path}");
    }
}

#[tokio::test]
async fn rewrites_mount_attributes_and_serves_under_a_sub_path() {
    let dir = dist(INDEX);
    let ctx = start_with(|c| {
        c.app_dir = Some(dir);
        c.app_base = Some("/account/reset".into());
        c.app_api_base = Some("http://127.0.0.1:8081/?a=1&b=\"2\"".into());
    })
    .await;
    let (status, headers, body) = fetch(&ctx, "/account/reset/change_password?username=a&token=b").await;
    assert_eq!(status, StatusCode::OK);
    let policy = headers["content-security-policy"].to_str().expect("ascii");
    assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"), "{policy}");
    assert!(policy.contains("connect-src 'self' http://127.0.0.1:8081;"), "the API's origin: {policy}");
    assert!(body.contains(" api-base=\"http://127.0.0.1:8081/?a=1&amp;b=&quot;2&quot;\""), "{body}");
    assert!(body.contains("data-api-base=\"not this\""), "a longer name is another attribute");
    assert!(body.contains(" base-path=\"/account/reset/\""), "{body}");
    assert!(body.contains("<p api-base=\"second\">"), "only the first occurrence");
    assert!(body.contains("client-id=\"x\""));
    let (status, headers, _) = fetch(&ctx, "/account/reset/pkg/app_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/wasm");
    // A storefront on another origin may load the files (module scripts and WASM need CORS), not the page.
    assert_eq!(headers["access-control-allow-origin"], "*");
    let (_, headers, _) = fetch(&ctx, "/account/reset/change_password").await;
    assert!(headers.get("access-control-allow-origin").is_none(), "HTML is not shared");
    assert_eq!(fetch(&ctx, "/account/reset").await.0, StatusCode::OK);
    assert_eq!(fetch(&ctx, "/").await.0, StatusCode::NOT_FOUND, "outside the base");
    assert_eq!(fetch(&ctx, "/pkg/app_bg.wasm").await.0, StatusCode::NOT_FOUND);

    // E-mail links point at the app under its base.
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let link = ctx.outbox().await[0]["link"].as_str().expect("link").to_string();
    assert!(
        link.starts_with(&format!("{}/account/reset/change_password?username=", ctx.sandbox.app_origin())),
        "{link}"
    );
}

#[tokio::test]
async fn file_without_the_attributes_is_left_alone() {
    let plain = "<html><body><main id=\"app\"></main></body></html>";
    let dir = dist(plain);
    let ctx = start_with(|c| {
        c.app_dir = Some(dir);
        c.app_base = Some("/".into());
        c.app_api_base = Some("http://x".into());
    })
    .await;
    assert_eq!(fetch(&ctx, "/").await.2, plain);
}

#[tokio::test]
async fn without_app_dir_the_app_routes_say_not_built() {
    let ctx = start().await;
    let (status, headers, body) = fetch(&ctx, "/change_password?username=a&token=b").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(headers["content-type"].to_str().is_ok_and(|c| c.starts_with("text/html")));
    assert!(body.contains("not built"));
}

#[tokio::test]
async fn api_origin_serves_no_app_and_app_url_overrides_links() {
    let dir = dist(INDEX);
    let ctx = start_with(|c| {
        c.app_dir = Some(dir);
        c.api_listen = Some("127.0.0.1:0".parse().expect("addr"));
        c.app_url = Some("https://shop.example/account/reset".into());
    })
    .await;
    let api = ctx.sandbox.api_origin();
    let response = ctx.http.get(format!("{api}/change_password")).send().await.expect("response");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = response.json().await.expect("JSON error");
    assert_error(StatusCode::NOT_FOUND, &body, 404);
    let response = ctx
        .http
        .get(format!("{api}/__sandbox/outbox"))
        .header(CONTROL_HEADER, "1")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK, "control API on the API origin too");
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let link = ctx.outbox().await[0]["link"].as_str().expect("link").to_string();
    assert!(
        link.starts_with(
            "https://shop.example/account/reset/change_password?username=ada%40example.com&token="
        ),
        "{link}"
    );
}
