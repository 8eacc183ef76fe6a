//! Serving the app like a CDN: brotli, gzip or identity per `Accept-Encoding` with `Vary`, and
//! `Cache-Control` per kind of file.

use std::io::Read;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::json;

use super::{INDEX, dist};
use crate::support::*;

/// What Chromium sends.
const BROWSER: &str = "gzip, deflate, br, zstd";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=3600";

const HASHED_JS: &str = "app-0123456789abcdef.js";
const HASHED_WASM: &str = "app-0123456789abcdef_bg.wasm";
const HASHED_CSS: &str = "main-fedcba9876543210.css";
const COMMON_PASSWORDS: &str = "common-passwords.txt";
const IMAGE: &str = "logo.png";
const SVG: &str = "drawing.svg";

/// Files named and shaped like trunk's output: content-hashed JS, WASM and CSS, the unhashed
/// common-password list, and two images. All are big enough to be worth compressing.
pub fn built() -> Vec<(&'static str, Vec<u8>)> {
    let js: String = (0..200).map(|i| format!("export function f{i}() {{ return {i}; }}\n")).collect();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    let css: String = (0..100).map(|i| format!(".c{i} {{ color: #{i:06x}; }}\n")).collect();
    let list: String = (0..500).map(|i| format!("password{i}\n")).collect();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend([0u8; 200]);
    let circles: String = (0..50).map(|i| format!("<circle cx=\"{i}\" cy=\"{i}\" r=\"3\"/>")).collect();
    let svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{circles}</svg>");
    vec![
        (HASHED_JS, js.into_bytes()),
        (HASHED_WASM, wasm),
        (HASHED_CSS, css.into_bytes()),
        (COMMON_PASSWORDS, list.into_bytes()),
        (IMAGE, png),
        (SVG, svg.into_bytes()),
    ]
}

fn file(name: &str) -> Vec<u8> {
    built().into_iter().find(|(n, _)| *n == name).map(|(_, bytes)| bytes).expect("a built file")
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    /// The bytes as they came over the wire (reqwest here decodes nothing).
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
    }

    fn varies_on_accept_encoding(&self) -> bool {
        self.headers.get_all("vary").iter().any(|v| {
            v.to_str().is_ok_and(|v| v.split(',').any(|h| h.trim().eq_ignore_ascii_case("accept-encoding")))
        })
    }

    /// The body after undoing its `Content-Encoding`.
    fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding") {
            None => out.clone_from(&self.body),
            Some("br") => {
                brotli::Decompressor::new(self.body.as_slice(), 4096).read_to_end(&mut out).expect("brotli");
            }
            Some("gzip") => {
                flate2::read::GzDecoder::new(self.body.as_slice()).read_to_end(&mut out).expect("gzip");
            }
            Some(other) => panic!("unexpected Content-Encoding {other}"),
        }
        out
    }
}

async fn get(ctx: &Ctx, path: &str, accept_encoding: Option<&str>) -> Answer {
    send(ctx, reqwest::Method::GET, path, accept_encoding).await
}

async fn send(ctx: &Ctx, method: reqwest::Method, path: &str, accept_encoding: Option<&str>) -> Answer {
    let mut request = ctx.http.request(method, ctx.url(path));
    if let Some(accept) = accept_encoding {
        request = request.header("accept-encoding", accept);
    }
    let response = request.send().await.expect("response");
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response.bytes().await.expect("body").to_vec();
    Answer { status, headers, body }
}

#[tokio::test]
async fn encoding_follows_accept_encoding_and_the_body_is_the_file() {
    let ctx = start_with(|c| c.app_dir = Some(dist(INDEX))).await;
    let cases = [
        (Some(BROWSER), Some("br")),
        (Some("br"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (Some("br;q=0.5, gzip"), Some("gzip")),
        (Some("br;q=0, gzip;q=0.1"), Some("gzip")),
        (Some("identity"), None),
        (Some("deflate, zstd"), None),
        (Some("br;q=0, gzip;q=0"), None),
        (None, None),
    ];
    for name in [HASHED_JS, HASHED_WASM, HASHED_CSS, COMMON_PASSWORDS, SVG] {
        let original = file(name);
        for (accept, expected) in cases {
            let answer = get(&ctx, &format!("/{name}"), accept).await;
            let case = format!("{name} with Accept-Encoding {accept:?}");
            assert_eq!(answer.status, StatusCode::OK, "{case}");
            assert_eq!(answer.header("content-encoding"), expected, "{case}");
            assert!(answer.varies_on_accept_encoding(), "{case}: {:?}", answer.headers);
            assert_eq!(answer.decoded(), original, "{case}");
            if expected.is_some() {
                assert!(answer.body.len() < original.len() / 2, "{case}: {} bytes", answer.body.len());
            }
            assert_eq!(answer.header("referrer-policy"), Some("no-referrer"), "{case}");
            assert_eq!(answer.header("x-content-type-options"), Some("nosniff"), "{case}");
        }
    }
}

#[tokio::test]
async fn the_rewritten_index_is_compressed_too() {
    let ctx = start_with(|c| {
        c.app_dir = Some(dist(INDEX));
        c.app_api_base = Some("http://127.0.0.1:8081".into());
    })
    .await;
    for path in ["/", "/index.html", "/forgot_password", "/change_password?username=a&token=b"] {
        for (accept, expected) in [(BROWSER, Some("br")), ("gzip", Some("gzip")), ("identity", None)] {
            let answer = get(&ctx, path, Some(accept)).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}");
            assert_eq!(answer.header("content-encoding"), expected, "{path} {accept}");
            assert!(answer.varies_on_accept_encoding(), "{path} {accept}");
            let html = String::from_utf8(answer.decoded()).expect("UTF-8");
            assert_eq!(html, INDEX.replace("https://useast.api.elasticpath.com", "http://127.0.0.1:8081"));
            assert!(answer.header("content-type").is_some_and(|c| c.starts_with("text/html")), "{path}");
        }
    }
}

#[tokio::test]
async fn tiny_files_and_raster_images_are_sent_as_they_are() {
    let ctx = start_with(|c| c.app_dir = Some(dist(INDEX))).await;
    let answer = get(&ctx, "/robots.txt", Some(BROWSER)).await;
    assert_eq!(answer.header("content-encoding"), None);
    assert_eq!(answer.body, b"User-agent: *");
    let answer = get(&ctx, &format!("/{IMAGE}"), Some(BROWSER)).await;
    assert_eq!(answer.header("content-encoding"), None);
    assert_eq!(answer.header("content-type"), Some("image/png"));
    assert_eq!(answer.body, file(IMAGE));
}

#[tokio::test]
async fn cache_control_follows_the_kind_of_file() {
    let ctx = start_with(|c| c.app_dir = Some(dist(INDEX))).await;
    let cases = [
        (format!("/{HASHED_JS}"), IMMUTABLE),
        (format!("/{HASHED_WASM}"), IMMUTABLE),
        (format!("/{HASHED_CSS}"), IMMUTABLE),
        (format!("/{COMMON_PASSWORDS}"), SHORT),
        ("/robots.txt".into(), SHORT),
        ("/pkg/app.js".into(), SHORT),
        ("/".into(), "no-store"),
        ("/index.html".into(), "no-store"),
        ("/forgot_password".into(), "no-store"),
        ("/change_password?username=a&token=b".into(), "no-store"),
        // A hashed name that is not there gets the single-page fallback, which must not be kept.
        ("/app-aaaaaaaaaaaaaaaa.js".into(), "no-store"),
    ];
    for (path, expected) in cases {
        for accept in [Some(BROWSER), None] {
            let answer = get(&ctx, &path, accept).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}");
            assert_eq!(answer.header("cache-control"), Some(expected), "{path} {accept:?}");
        }
    }
    let fallback = get(&ctx, "/app-aaaaaaaaaaaaaaaa.js", None).await;
    assert_eq!(fallback.body, INDEX.as_bytes());
}

#[tokio::test]
async fn head_sends_the_headers_without_a_body() {
    let ctx = start_with(|c| c.app_dir = Some(dist(INDEX))).await;
    let answer = send(&ctx, reqwest::Method::HEAD, &format!("/{HASHED_WASM}"), Some(BROWSER)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-encoding"), Some("br"));
    assert_eq!(answer.header("content-type"), Some("application/wasm"));
    assert_eq!(answer.header("cache-control"), Some(IMMUTABLE));
    assert!(answer.body.is_empty());
}

#[tokio::test]
async fn refusals_stay_refusals_when_compression_is_accepted() {
    let ctx = start_with(|c| c.app_dir = Some(dist(INDEX))).await;
    for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/pkg/..%2f..%2fsecret.txt", "/a%5cb", "/pkg/%00"] {
        let answer = raw_request(
            ctx.sandbox.app_addr,
            &format!(
                "GET {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: {BROWSER}\r\nConnection: close\r\n\r\n"
            ),
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 400"), "{path}: {answer}");
        assert!(!answer.contains("top secret"), "{path}");
    }
    let answer = send(&ctx, reqwest::Method::POST, "/", Some(BROWSER)).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_common_password_list_switch_serves_a_list_that_is_not_the_list() {
    let ctx = start_with(|c| c.app_dir = Some(dist(INDEX))).await;
    let path = format!("/{COMMON_PASSWORDS}");
    let list = file(COMMON_PASSWORDS);
    let first_50: Vec<u8> = String::from_utf8(list.clone())
        .expect("UTF-8")
        .lines()
        .take(50)
        .flat_map(|line| format!("{line}\n").into_bytes())
        .collect();
    let cases: [(&str, StatusCode, &str, Option<&[u8]>); 5] = [
        ("served", StatusCode::OK, "text/plain; charset=utf-8", Some(&list)),
        ("fallback", StatusCode::OK, "text/html; charset=utf-8", Some(INDEX.as_bytes())),
        ("mislabelled", StatusCode::OK, "text/plain; charset=utf-8", Some(INDEX.as_bytes())),
        ("truncated", StatusCode::OK, "text/plain; charset=utf-8", Some(&first_50)),
        ("unavailable", StatusCode::SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", None),
    ];
    for (switch, status, content_type, body) in cases {
        let (patched, _) = ctx.patch("/__sandbox/switches", json!({"common_password_list": switch})).await;
        assert_eq!(patched, StatusCode::OK, "{switch}");
        let answer = get(&ctx, &path, Some(BROWSER)).await;
        assert_eq!(answer.status, status, "{switch}");
        assert_eq!(answer.header("content-type"), Some(content_type), "{switch}");
        if let Some(body) = body {
            assert_eq!(answer.decoded(), body, "{switch}");
        }
    }
}
