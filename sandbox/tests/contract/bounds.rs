//! What clients can make the sandbox hold is bounded (the oldest entry goes), and no value a request
//! sends can overflow a date the sandbox computes.

use ep_sandbox::Seed;
use ep_sandbox::config::Limits;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

fn small(limits: &mut Limits) {
    *limits = Limits { outbox: 2, faults: 2, requests: 3, tokens: 2 };
}

#[tokio::test]
async fn the_outbox_keeps_the_newest_emails() {
    let ctx = start_with(|c| small(&mut c.limits)).await;
    let token = ctx.implicit().await;
    for user in [ADA_EMAIL, "grace@example.com", ADA_EMAIL] {
        assert_eq!(ctx.request_otp(&token, user).await, StatusCode::ACCEPTED);
    }
    let outbox = ctx.outbox().await;
    let to: Vec<&str> = outbox.iter().filter_map(|e| e["to"].as_str()).collect();
    assert_eq!(to, ["grace@example.com", ADA_EMAIL], "the oldest e-mail went");
    // The newest code is the one in the outbox, and it still works.
    let otp = ctx.last_otp().await;
    assert_eq!(ctx.exchange(&token, ADA_EMAIL, &otp).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn the_fault_list_keeps_the_newest_faults() {
    let ctx = start_with(|c| small(&mut c.limits)).await;
    for status in [500, 502, 503] {
        ctx.fault(json!({"route": "settings", "status": status})).await;
    }
    let (_, faults) = ctx.get("/__sandbox/faults", None).await;
    let statuses: Vec<&Value> = faults.as_array().expect("array").iter().map(|f| &f["status"]).collect();
    assert_eq!(statuses, [&json!(502), &json!(503)]);
    let token = ctx.implicit().await;
    assert_eq!(ctx.get("/v2/settings/account-authentication", Some(&token)).await.0, StatusCode::BAD_GATEWAY);
}

#[tokio::test]
async fn the_request_log_keeps_the_newest_requests() {
    let ctx = start_with(|c| small(&mut c.limits)).await;
    let token = ctx.implicit().await;
    for path in ["/v2/one", "/v2/two", "/v2/three"] {
        ctx.get(path, Some(&token)).await;
    }
    let paths: Vec<String> =
        ctx.requests().await.iter().filter_map(|r| r["path"].as_str().map(str::to_string)).collect();
    assert_eq!(paths, ["/v2/one", "/v2/two", "/v2/three"], "the token request went first");
}

#[tokio::test]
async fn the_token_map_drops_its_oldest_token() {
    let ctx = start_with(|c| small(&mut c.limits)).await;
    let first = ctx.implicit().await;
    let second = ctx.implicit().await;
    let settings = "/v2/settings/account-authentication";
    assert_eq!(ctx.get(settings, Some(&first)).await.0, StatusCode::OK);
    let third = ctx.admin().await;
    let (status, body) = ctx.get(settings, Some(&first)).await;
    assert_error(status, &body, 401);
    for token in [&second, &third] {
        assert_eq!(ctx.get(settings, Some(token)).await.0, StatusCode::OK);
    }
}

#[tokio::test]
async fn the_default_limits_are_generous_but_finite() {
    let limits = Limits::default();
    assert_eq!(
        (limits.outbox, limits.faults, limits.requests, limits.tokens),
        (1_000, 1_000, 10_000, 10_000)
    );
}

#[tokio::test]
async fn the_token_timeout_is_refused_outside_a_second_to_ten_years() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let path = "/v2/settings/account-authentication";
    let put = |secs: Value| {
        json!({"data": {"type": "account_authentication_settings",
                        "account_management_authentication_token_timeout_secs": secs}})
    };
    for secs in [json!(i64::MAX), json!(315_360_001), json!(0), json!(-1), json!(i64::MIN)] {
        let (status, body) = ctx.put(path, Some(&admin), put(secs.clone())).await;
        let error = assert_error(status, &body, 400);
        assert_eq!(error["source"], "data.account_management_authentication_token_timeout_secs", "{secs}");
    }
    // Beyond i64, or not a whole number: the body is not valid (400), never a crash.
    for raw in ["99999999999999999999999", "1e30", "86400.5"] {
        let body = format!(
            r#"{{"data": {{"type": "account_authentication_settings", "account_management_authentication_token_timeout_secs": {raw}}}}}"#
        );
        let response = ctx
            .http
            .put(ctx.url(path))
            .bearer_auth(&admin)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{raw}");
    }
    let (_, settings) = ctx.get(path, Some(&admin)).await;
    assert_eq!(settings["data"]["account_management_authentication_token_timeout_secs"], 86_400, "unchanged");

    // The largest allowed timeout, with the clock as far ahead as it may go: still a valid token.
    let (status, _) = ctx.put(path, Some(&admin), put(json!(315_360_000))).await;
    assert_eq!(status, StatusCode::OK);
    for _ in 0..10 {
        ctx.advance(10 * 365 * 86_400).await;
    }
    let (status, body) = ctx.post("/__sandbox/clock", None, json!({"advance_secs": 1})).await;
    let error = assert_error(status, &body, 400);
    assert!(error["detail"].as_str().is_some_and(|d| d.contains("hundred years")), "{error}");
    let implicit = ctx.implicit().await;
    assert_eq!(ctx.request_otp(&implicit, ADA_EMAIL).await, StatusCode::ACCEPTED);
    let otp = ctx.last_otp().await;
    let (status, tokens) = ctx.exchange(&implicit, ADA_EMAIL, &otp).await;
    assert_eq!(status, StatusCode::CREATED, "{tokens}");
    let claims = jwt_claims(tokens["data"][0]["token"].as_str().expect("token"));
    let (exp, iat) = (claims["exp"].as_i64().expect("exp"), claims["iat"].as_i64().expect("iat"));
    assert_eq!(exp - iat, 315_360_000);
    assert!(tokens["data"][0]["expires"].as_str().is_some_and(|e| e.starts_with("21")), "{tokens}");
}

#[tokio::test]
async fn a_seed_with_an_overflowing_token_timeout_is_refused() {
    for secs in [i64::MAX, 0, 315_360_001] {
        let seed = Seed { account_management_authentication_token_timeout_secs: secs, ..Seed::default() };
        assert!(seed.validate().is_err(), "{secs}");
    }
    let seed = Seed { account_management_authentication_token_timeout_secs: 315_360_000, ..Seed::default() };
    assert!(seed.validate().is_ok());
}

#[tokio::test]
async fn a_fault_delay_is_at_most_ten_minutes() {
    let ctx = start().await;
    for delay in [json!(600_001), json!(u64::MAX)] {
        let (status, body) =
            ctx.post("/__sandbox/faults", None, json!({"route": "settings", "delay_ms": delay})).await;
        assert_error(status, &body, 400);
    }
    let (status, _) =
        ctx.post("/__sandbox/faults", None, json!({"route": "settings", "delay_ms": 600_000})).await;
    assert_eq!(status, StatusCode::CREATED);
}
