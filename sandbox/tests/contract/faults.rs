//! Injected faults and the request log.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn status_fault_counts_down() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.fault(json!({"route": "otp_request", "status": 503, "delay_ms": 0, "drop": false, "malformed": false, "times": 2})).await;
    for _ in 0..2 {
        let body = json!({"data": {"type": "one_time_password_token_request", "username": ADA_EMAIL, "purpose": "reset_password"}});
        let (status, error) = ctx.post(&otp_path(), Some(&token), body).await;
        assert_error(status, &error, 503);
        assert!(error["errors"][0]["request_id"].is_string(), "5xx carry a request_id");
    }
    assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);
    assert_eq!(ctx.outbox().await.len(), 1, "failed requests sent nothing");
    let (_, faults) = ctx.get("/__sandbox/faults", None).await;
    assert_eq!(faults, json!([]));
}

#[tokio::test]
async fn faults_apply_to_their_route_only_and_can_be_cleared() {
    let ctx = start().await;
    ctx.fault(json!({"route": "settings", "status": 500})).await;
    ctx.fault(json!({"route": "uappi_update", "status": 500, "times": 0})).await;
    let token = ctx.implicit().await;
    let (status, _) = ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, _) = ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "times defaults to 1");
    for _ in 0..3 {
        let (status, _) = ctx.update_password(&token, None, ADA, ADA_CRED, ADA_EMAIL, "new password").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "times 0 lasts until cleared");
    }
    let response = ctx.control(Method::DELETE, "/__sandbox/faults").send().await.expect("response");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, _) = ctx.update_password(&token, None, ADA, ADA_CRED, ADA_EMAIL, "new password").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "handled normally again");
    let (status, body) = ctx.post("/__sandbox/faults", None, json!({"route": "nope", "status": 500})).await;
    assert_error(status, &body, 400);
    let (status, body) =
        ctx.post("/__sandbox/faults", None, json!({"route": "settings", "status": 200})).await;
    assert_error(status, &body, 400);
}

#[tokio::test]
async fn delay_fault_delays() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.fault(json!({"route": "settings", "delay_ms": 300})).await;
    let started = Instant::now();
    let (status, _) = ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "a delay alone still answers normally");
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn drop_fault_is_a_network_error() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.fault(json!({"route": "account_member_tokens", "drop": true})).await;
    let result = ctx
        .http
        .post(ctx.url("/v2/account-members/tokens"))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await;
    assert!(result.is_err(), "the client must see a network error, not an answer");
    let records = ctx.requests().await;
    let last = records.last().expect("recorded");
    assert_eq!(last["route"], "account_member_tokens");
    assert_eq!(last["status"], 0);
    // The server keeps working.
    assert_eq!(ctx.get("/v2/settings/account-authentication", Some(&token)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn malformed_fault_breaks_the_body_of_a_handled_success() {
    let ctx = start().await;
    ctx.fault(json!({"route": "access_token", "malformed": true})).await;
    let response = ctx
        .http
        .post(ctx.url("/oauth/access_token"))
        .form(&[("grant_type", "implicit"), ("client_id", "demo-client-id")])
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("text");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());

    // The request takes effect: the exchange spends the code, only its answer is unreadable.
    let token = ctx.implicit().await;
    ctx.request_otp(&token, ADA_EMAIL).await;
    let otp = ctx.last_otp().await;
    ctx.fault(json!({"route": "account_member_tokens", "malformed": true, "times": 2})).await;
    let exchange = json!({"data": {
        "type": "account_management_authentication_token",
        "authentication_mechanism": "passwordless",
        "password_profile_id": ep_sandbox::seed::PASSWORD_PROFILE_ID,
        "username": ADA_EMAIL,
        "one_time_password_token": otp,
    }});
    let send =
        || ctx.http.post(ctx.url("/v2/account-members/tokens")).bearer_auth(&token).json(&exchange).send();
    let response = send().await.expect("response");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(serde_json::from_str::<serde_json::Value>(&response.text().await.expect("text")).is_err());
    // An error answer is left as it is, even while the fault lasts.
    let response = send().await.expect("response");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "the code was spent by the first exchange");
    let body: serde_json::Value = response.json().await.expect("an EP error body");
    assert_eq!(body["errors"][0]["detail"], INVALID_OTP);

    // A 204 becomes a 200, which can carry the broken body.
    let admin = ctx.admin().await;
    let id = ctx.create_integration(&admin, webhook_integration("http://127.0.0.1:9/hook", None)).await;
    ctx.fault(json!({"route": "integration", "malformed": true})).await;
    let (status, body) = ctx.delete(&format!("/v2/integrations/{id}"), Some(&admin)).await;
    assert_eq!((status, body), (StatusCode::OK, serde_json::Value::Null));
    let (status, _) = ctx.get(&format!("/v2/integrations/{id}"), Some(&admin)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the delete took effect");
}

#[tokio::test]
async fn injected_429_sends_retry_after_2() {
    let ctx = start().await;
    ctx.fault(json!({"route": "access_token", "status": 429})).await;
    let response = ctx
        .http
        .post(ctx.url("/oauth/access_token"))
        .form(&[("grant_type", "implicit"), ("client_id", "demo-client-id")])
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "2");
    assert!(response.headers().get("access-control-expose-headers").is_none(), "not exposed by default");

    let ctx = start_with(|c| c.seed.switches.retry_after = false).await;
    ctx.fault(json!({"route": "access_token", "status": 429})).await;
    let (status, _) =
        ctx.token_response(&[("grant_type", "implicit"), ("client_id", "demo-client-id")]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let response = ctx.control(Method::GET, "/__sandbox/requests").send().await.expect("response");
    assert!(response.headers().get("retry-after").is_none());
}

#[tokio::test]
async fn request_log_names_routes_and_skips_control_calls() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let am = ctx.ada_am_token(&token).await;
    ctx.update_password(&token, Some(&am), ADA, ADA_CRED, ADA_EMAIL, "new password 1").await;
    ctx.send(reqwest::Method::GET, &credential_path(ADA, None), Some(&token), Some(&am), None).await;
    ctx.get("/v2/settings/account-authentication", Some(&token)).await;
    ctx.get(&realm_path("/password-profiles?page[limit]=5"), Some(&token)).await;
    ctx.get("/v2/nothing-here", Some(&token)).await;
    let _ = ctx.http.request(reqwest::Method::OPTIONS, ctx.url("/v2/account-members/tokens")).send().await;
    let routes: Vec<(String, String, u64)> = ctx
        .requests()
        .await
        .iter()
        .map(|r| {
            (
                r["route"].as_str().unwrap_or_default().to_string(),
                r["path"].as_str().unwrap_or_default().to_string(),
                r["status"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let names: Vec<&str> = routes.iter().map(|(r, _, _)| r.as_str()).collect();
    assert_eq!(
        names,
        [
            "access_token",
            "otp_request",
            "account_member_tokens",
            "uappi_update",
            "uappi_list",
            "settings",
            "password_profiles",
            "not_found",
            "preflight"
        ]
    );
    assert!(routes.iter().all(|(_, path, _)| !path.contains('?')), "no query strings");
    assert_eq!(routes[3].2, 200);
    let response = ctx.control(Method::DELETE, "/__sandbox/requests").send().await.expect("response");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(ctx.requests().await.is_empty());
}

#[tokio::test]
async fn a_client_giving_up_during_a_delay_cancels_the_request() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    ctx.fault(json!({"route": "otp_request", "delay_ms": 300})).await;
    let body = json!({"data": {"type": "one_time_password_token_request", "username": ADA_EMAIL, "purpose": "reset_password"}});
    let gave_up = ctx
        .http
        .post(ctx.url(&otp_path()))
        .bearer_auth(&token)
        .json(&body)
        .timeout(Duration::from_millis(50))
        .send()
        .await;
    assert!(gave_up.is_err(), "the client gave up first");
    // Long enough for the delayed request to have been handled, had it not been cancelled.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(ctx.outbox().await.is_empty(), "never handled: no e-mail");
    let logged: Vec<_> = ctx.requests().await.into_iter().filter(|r| r["route"] == "otp_request").collect();
    assert!(logged.is_empty(), "never logged: {logged:?}");
    // A delay and a drop together: held, then closed without an answer (a timeout, as a client sees it).
    ctx.fault(json!({"route": "otp_request", "delay_ms": 100, "drop": true})).await;
    let result = ctx.http.post(ctx.url(&otp_path())).bearer_auth(&token).json(&body).send().await;
    assert!(result.is_err(), "held, then dropped without an answer");
    assert!(ctx.outbox().await.is_empty());
}

#[tokio::test]
async fn redirect_fault_answers_307_to_its_location_without_handling() {
    let ctx = start().await;
    let target = "http://127.0.0.1:9/v2/redirect-target";
    ctx.fault(json!({"route": "access_token", "redirect": target})).await;
    let client =
        reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let response = client
        .post(ctx.url("/oauth/access_token"))
        .form(&[("grant_type", "implicit"), ("client_id", "demo-client-id")])
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.headers().get("location").and_then(|v| v.to_str().ok()), Some(target));
    assert_eq!(response.headers().get("access-control-allow-origin").map(|v| v.as_bytes()), Some(&b"*"[..]));
    let (_, log) = ctx.get("/__sandbox/requests", None).await;
    assert_eq!(log[0]["status"], json!(307));
    for bad in [json!("/relative"), json!("ftp://x/"), json!("http://x/\nInjected: 1")] {
        let (status, body) =
            ctx.post("/__sandbox/faults", None, json!({"route": "settings", "redirect": bad})).await;
        assert_error(status, &body, 400);
    }
}
