//! The Pwned Passwords compatible range API and its `breach_range` switch.

use std::time::Duration;

use ep_sandbox::api::range::{DEMO_BREACHED, sha1_hex};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

/// Status, content type and body of `GET /range/{prefix}`, with `Add-Padding: true` if `padded`.
async fn range(ctx: &Ctx, prefix: &str, padded: bool) -> (StatusCode, String, String) {
    let mut request = ctx.http.get(ctx.url(&format!("/range/{prefix}")));
    if padded {
        request = request.header("Add-Padding", "true");
    }
    let response = request.send().await.expect("response");
    let status = response.status();
    let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, kind, response.text().await.expect("body"))
}

/// The `SUFFIX:COUNT` lines of a range answer.
fn lines(body: &str) -> Vec<(&str, u64)> {
    body.split("\r\n")
        .filter(|line| !line.is_empty())
        .filter_map(|line| line.split_once(':'))
        .map(|(suffix, count)| (suffix, count.parse().expect("a count")))
        .collect()
}

#[tokio::test]
async fn answers_the_suffixes_of_a_prefix_as_the_real_service_does() {
    let ctx = start().await;
    for password in ["password", DEMO_BREACHED[0], DEMO_BREACHED[3]] {
        let hash = sha1_hex(password);
        let (prefix, suffix) = hash.split_at(5);
        let (status, kind, body) = range(&ctx, &prefix.to_ascii_lowercase(), false).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(kind, "text/plain; charset=utf-8");
        assert!(body.ends_with("\r\n"), "CRLF lines");
        let found = lines(&body).into_iter().find(|(s, _)| *s == suffix).map(|(_, count)| count);
        assert!(found.is_some_and(|count| count > 0), "{password}: {body}");
    }
    let strong = sha1_hex("a brand new passphrase for ada");
    let (status, _, body) = range(&ctx, &strong[..5], false).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains(&strong[5..]));
    for bad in ["21BD", "21BD12", "21BDG", "%2E%2E%2F1"] {
        let (status, _, _) = range(&ctx, bad, false).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn pads_with_count_zero_lines_when_asked_unless_switched_off() {
    let ctx = start().await;
    let prefix = &sha1_hex("password")[..5];
    let (_, _, plain) = range(&ctx, prefix, false).await;
    let (_, _, padded) = range(&ctx, prefix, true).await;
    let (plain, padded) = (lines(&plain), lines(&padded));
    assert!((800..=1000).contains(&padded.len()), "{} lines", padded.len());
    assert!(plain.len() < 100, "{} lines", plain.len());
    let real: Vec<_> = padded.iter().copied().filter(|(_, count)| *count > 0).collect();
    assert_eq!(real, plain, "padding adds only count-0 lines");
    assert_eq!(ctx.patch("/__sandbox/switches", json!({"breach_range": "unpadded"})).await.0, StatusCode::OK);
    let (_, _, unpadded) = range(&ctx, prefix, true).await;
    assert_eq!(lines(&unpadded), plain);
}

#[tokio::test]
async fn switches_make_it_down_slow_or_malformed() {
    let ctx = start().await;
    let prefix = &sha1_hex("password")[..5];
    ctx.patch("/__sandbox/switches", json!({"breach_range": "down"})).await;
    let down = ctx.http.get(ctx.url(&format!("/range/{prefix}"))).send().await;
    let down = match down {
        Ok(response) => response.text().await.map(|_| ()),
        Err(error) => Err(error),
    };
    assert!(down.is_err(), "the connection is dropped");
    ctx.patch("/__sandbox/switches", json!({"breach_range": "malformed"})).await;
    let (status, kind, body) = range(&ctx, prefix, true).await;
    assert_eq!((status, kind.as_str()), (StatusCode::OK, "text/html; charset=utf-8"));
    assert!(body.starts_with("<!doctype html>"));
    ctx.patch("/__sandbox/switches", json!({"breach_range": "slow"})).await;
    let slow =
        ctx.http.get(ctx.url(&format!("/range/{prefix}"))).timeout(Duration::from_millis(300)).send().await;
    assert!(slow.is_err_and(|e| e.is_timeout()), "held past a client's timeout");
}

#[tokio::test]
async fn a_page_may_ask_for_padding_and_the_log_shows_only_prefixes() {
    let ctx = start_with(|c| c.rate_limit = 1).await;
    let preflight = ctx
        .http
        .request(reqwest::Method::OPTIONS, ctx.url("/range/21BD1"))
        .header("Origin", "http://shop.example")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "add-padding")
        .send()
        .await
        .expect("preflight");
    let allowed = preflight.headers().get("access-control-allow-headers").and_then(|v| v.to_str().ok());
    assert!(allowed.is_some_and(|v| v.to_ascii_lowercase().contains("add-padding")), "{allowed:?}");
    for _ in 0..5 {
        let (status, _, _) = range(&ctx, "21BD1", true).await;
        assert_eq!(status, StatusCode::OK, "not under the store's rate limit");
    }
    let (_, log) = ctx.get("/__sandbox/requests", None).await;
    let ranges: Vec<&Value> =
        log.as_array().into_iter().flatten().filter(|r| r["route"] == "range").collect();
    assert_eq!(ranges.len(), 5, "{log}");
    assert!(ranges.iter().all(|r| r["path"] == "/range/21BD1" && r["headers"]["add-padding"].is_string()));
}
