//! A code is single use even when it arrives twice at the same moment.

use std::sync::Arc;

use ep_sandbox::seed::PASSWORD_PROFILE_ID;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

use crate::support::*;

/// Sends `racers` exchanges of `otp` together (each task waits at a barrier, then sends).
async fn race(ctx: &Ctx, token: &str, otp: &str, racers: usize) -> Vec<(StatusCode, Value)> {
    let barrier = Arc::new(Barrier::new(racers));
    let body = json!({"data": {
        "type": "account_management_authentication_token",
        "authentication_mechanism": "passwordless",
        "password_profile_id": PASSWORD_PROFILE_ID,
        "username": ADA_EMAIL,
        "one_time_password_token": otp,
    }});
    let mut tasks = JoinSet::new();
    for _ in 0..racers {
        let request = ctx.http.post(ctx.url("/v2/account-members/tokens")).bearer_auth(token).json(&body);
        let barrier = Arc::clone(&barrier);
        tasks.spawn(async move {
            barrier.wait().await;
            let response = request.send().await.expect("response");
            let status = response.status();
            (status, response.json().await.unwrap_or(Value::Null))
        });
    }
    tasks.join_all().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_code_fired_at_once_has_exactly_one_winner() {
    let ctx = start().await;
    for round in 0..20 {
        ctx.reset().await;
        let token = ctx.implicit().await;
        assert_eq!(ctx.request_otp(&token, ADA_EMAIL).await, StatusCode::ACCEPTED);
        let otp = ctx.last_otp().await;
        // Two at once in most rounds, eight at once in the last ones.
        let racers = if round < 15 { 2 } else { 8 };
        let answers = race(&ctx, &token, &otp, racers).await;
        // Statuses only in the message: the winner's body holds a token.
        let statuses: Vec<u16> = answers.iter().map(|(status, _)| status.as_u16()).collect();
        let winners = statuses.iter().filter(|status| **status == 201).count();
        assert_eq!(winners, 1, "round {round}: statuses {statuses:?}");
        for (status, body) in answers.iter().filter(|(status, _)| *status != StatusCode::CREATED) {
            assert_eq!(assert_error(*status, body, 401)["detail"], INVALID_OTP);
        }
        let exchanges = ctx.requests().await.iter().filter(|r| r["route"] == "account_member_tokens").count();
        assert_eq!(exchanges, racers, "every racer reached the sandbox");
    }
}
