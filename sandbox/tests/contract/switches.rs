//! The switches: each one at both values, and the control API that reads, changes and resets them.

use ep_sandbox::duplicates::duplicate_id;
use ep_sandbox::switches::{ImplicitSettings, OtpRequestType};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

const SETTINGS: &str = "/v2/settings/account-authentication";
const UNDERSCORE: &str = "one_time_password_token_request";
const HYPHEN: &str = "one-time-password-token-request";

async fn request_otp_typed(ctx: &Ctx, token: &str, kind: &str, username: &str) -> (StatusCode, Value) {
    let body = json!({"data": {"type": kind, "username": username, "purpose": "reset_password"}});
    ctx.post(&otp_path(), Some(token), body).await
}

#[tokio::test]
async fn control_api_reads_and_patches_the_switches() {
    let ctx = start().await;
    let defaults = json!({
        "otp_request_type": "both",
        "retry_after": true,
        "expose_retry_after": false,
        "implicit_settings": "allow",
        "strip_error_cors": false,
        "duplicate_credentials": false,
        "common_password_list": "served",
        "breach_range": "padded",
    });
    assert_eq!(ctx.switches().await, defaults);

    let (status, patched) = ctx
        .patch("/__sandbox/switches", json!({"otp_request_type": "hyphen", "strip_error_cors": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut expected = defaults.clone();
    expected["otp_request_type"] = json!("hyphen");
    expected["strip_error_cors"] = json!(true);
    assert_eq!(patched, expected, "the whole object comes back");
    assert_eq!(ctx.switches().await, expected);
    assert_eq!(ctx.patch("/__sandbox/switches", json!({})).await, (StatusCode::OK, expected.clone()));

    for bad in [
        json!({"louder": true}),
        json!({"retry_after": "no"}),
        json!({"otp_request_type": "camel"}),
        json!({"implicit_settings": null}),
        json!({"expose_retry_after": true, "nope": 1}),
        json!([]),
        json!("retry_after"),
    ] {
        let (status, body) = ctx.patch("/__sandbox/switches", bad.clone()).await;
        let error = assert_error(status, &body, 400);
        assert!(error["detail"].as_str().is_some_and(|d| !d.is_empty()), "{bad}: {body}");
        assert_eq!(ctx.switches().await, expected, "{bad} changed nothing");
    }
    let (status, body) = ctx.patch("/__sandbox/switches", json!({"retry_after": "no"})).await;
    assert!(assert_error(status, &body, 400)["detail"].as_str().is_some_and(|d| d.contains("retry_after")));
    let response =
        ctx.control(Method::PATCH, "/__sandbox/switches").body("{not json").send().await.expect("response");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let (status, body) = ctx.post("/__sandbox/switches", None, json!({})).await;
    assert_error(status, &body, 405);

    // The control API is not part of the API: no CORS, no request log.
    let (_, headers, _) = ctx.send(Method::GET, "/__sandbox/switches", None, None, None).await;
    assert!(headers.get("access-control-allow-origin").is_none());
    assert!(ctx.requests().await.is_empty());

    ctx.reset().await;
    assert_eq!(ctx.switches().await, defaults, "reset restores the start-up values");
}

#[tokio::test]
async fn reset_restores_the_start_up_switches_not_the_defaults() {
    let ctx = start_with(|c| {
        c.seed.switches.implicit_settings = ImplicitSettings::Refuse;
        c.seed.switches.otp_request_type = OtpRequestType::Underscore;
    })
    .await;
    let started = ctx.switches().await;
    assert_eq!(started["implicit_settings"], "refuse");
    assert_eq!(started["otp_request_type"], "underscore");
    ctx.patch("/__sandbox/switches", json!({"implicit_settings": "allow", "retry_after": false})).await;
    assert_ne!(ctx.switches().await, started);
    ctx.reset().await;
    assert_eq!(ctx.switches().await, started);
}

#[tokio::test]
async fn otp_request_type_accepts_the_chosen_spellings() {
    for (switch, accepted, refused) in [
        ("underscore", UNDERSCORE, Some(HYPHEN)),
        ("hyphen", HYPHEN, Some(UNDERSCORE)),
        ("both", HYPHEN, None),
    ] {
        let ctx = start().await;
        ctx.patch("/__sandbox/switches", json!({ "otp_request_type": switch })).await;
        let token = ctx.implicit().await;
        assert_eq!(
            request_otp_typed(&ctx, &token, accepted, ADA_EMAIL).await.0,
            StatusCode::ACCEPTED,
            "{switch}"
        );
        assert_eq!(ctx.outbox().await.len(), 1, "{switch}: the e-mail is sent");
        match refused {
            Some(refused) => {
                // Known and unknown usernames get the same 422: the type is checked first.
                for username in [ADA_EMAIL, "nobody@example.com"] {
                    let (status, body) = request_otp_typed(&ctx, &token, refused, username).await;
                    let error = assert_error(status, &body, 422);
                    assert_eq!(error["source"], "data.type", "{switch}");
                    assert!(error["detail"].as_str().is_some_and(|d| d.contains(accepted)), "{body}");
                }
                assert_eq!(ctx.outbox().await.len(), 1, "{switch}: a refused type sends nothing");
            }
            None => {
                let (status, _) = request_otp_typed(&ctx, &token, UNDERSCORE, ADA_EMAIL).await;
                assert_eq!(status, StatusCode::ACCEPTED);
                assert_eq!(ctx.outbox().await.len(), 2);
            }
        }
    }
}

#[tokio::test]
async fn retry_after_switch_at_run_time() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    for (retry_after, expose) in [(true, false), (false, false), (true, true)] {
        ctx.patch("/__sandbox/switches", json!({"retry_after": retry_after, "expose_retry_after": expose}))
            .await;
        ctx.fault(json!({"route": "settings", "status": 429})).await;
        let (status, headers, body) = ctx.send(Method::GET, SETTINGS, Some(&token), None, None).await;
        assert_error(status, &body, 429);
        assert_eq!(headers.get("retry-after").is_some(), retry_after, "retry_after {retry_after}");
        assert_eq!(
            headers.get("access-control-expose-headers").and_then(|v| v.to_str().ok()),
            expose.then_some("Retry-After"),
            "expose_retry_after {expose}"
        );
        let preflight = ctx
            .http
            .request(Method::OPTIONS, ctx.url(SETTINGS))
            .header("Origin", "http://shop.example")
            .header("Access-Control-Request-Method", "GET")
            .send()
            .await
            .expect("response");
        assert_eq!(preflight.headers().get("access-control-expose-headers").is_some(), expose);
    }
}

#[tokio::test]
async fn implicit_settings_refused_or_allowed() {
    let ctx = start().await;
    let (implicit, admin) = (ctx.implicit().await, ctx.admin().await);
    assert_eq!(ctx.get(SETTINGS, Some(&implicit)).await.0, StatusCode::OK, "allowed by default");
    ctx.patch("/__sandbox/switches", json!({"implicit_settings": "refuse"})).await;
    let (status, body) = ctx.get(SETTINGS, Some(&implicit)).await;
    assert_error(status, &body, 403);
    let (status, body) = ctx.get(SETTINGS, Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["data"]["relationships"]["authentication_realm"]["data"]["id"].is_string());
    assert_eq!(
        ctx.get(&realm_path("/password-profiles"), Some(&implicit)).await.0,
        StatusCode::OK,
        "profiles stay readable"
    );
    ctx.patch("/__sandbox/switches", json!({"implicit_settings": "allow"})).await;
    assert_eq!(ctx.get(SETTINGS, Some(&implicit)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn strip_error_cors_removes_cors_from_errors_only() {
    let ctx = start().await;
    let token = ctx.implicit().await;
    let cases = |token: &str| {
        [
            (Method::GET, SETTINGS.to_string(), Some(token.to_string()), 200),
            (Method::GET, SETTINGS.to_string(), None, 401),
            (Method::GET, "/v2/unknown".to_string(), None, 404),
            (Method::DELETE, "/v2/account-members/tokens".to_string(), None, 405),
        ]
    };
    for strip in [false, true] {
        ctx.patch("/__sandbox/switches", json!({"strip_error_cors": strip, "expose_retry_after": true}))
            .await;
        for (method, path, token, expected) in cases(&token) {
            let (status, headers, body) = ctx.send(method, &path, token.as_deref(), None, None).await;
            assert_eq!(status.as_u16(), expected, "{path}");
            let has_cors = headers.get("access-control-allow-origin").is_some();
            assert_eq!(has_cors, !(strip && expected >= 400), "strip {strip}, {path} {expected}");
            assert_eq!(headers.get("access-control-expose-headers").is_some(), has_cors);
            if expected >= 400 {
                assert_error(status, &body, expected);
            }
        }
        ctx.fault(json!({"route": "settings", "status": 503})).await;
        let (status, headers, _) = ctx.send(Method::GET, SETTINGS, Some(&token), None, None).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            headers.get("access-control-allow-origin").is_some(),
            !strip,
            "injected 5xx, strip {strip}"
        );
        let preflight = ctx
            .http
            .request(Method::OPTIONS, ctx.url(SETTINGS))
            .header("Origin", "http://shop.example")
            .header("Access-Control-Request-Method", "GET")
            .send()
            .await
            .expect("response");
        assert_eq!(preflight.headers()["access-control-allow-origin"], "*", "preflights keep CORS");
    }
}

/// Ada's credentials as the admin lists them: (id, username).
async fn ada_credentials(ctx: &Ctx, admin: &str) -> Vec<(String, String)> {
    let (status, list) = ctx.get(&credential_path(ADA, None), Some(admin)).await;
    assert_eq!(status, StatusCode::OK);
    list["data"]
        .as_array()
        .expect("array")
        .iter()
        .map(|c| {
            (c["id"].as_str().unwrap_or_default().into(), c["username"].as_str().unwrap_or_default().into())
        })
        .collect()
}

#[tokio::test]
async fn duplicate_credentials_in_the_seed() {
    let ctx = start_with(|c| c.seed.switches.duplicate_credentials = true).await;
    let admin = ctx.admin().await;
    let duplicate = duplicate_id(ADA_CRED);
    let old_username = format!("old.{ADA_EMAIL}");
    assert_eq!(
        ada_credentials(&ctx, &admin).await,
        [(duplicate.clone(), old_username.clone()), (ADA_CRED.to_string(), ADA_EMAIL.to_string())],
        "the duplicate is listed first"
    );
    let (_, list) = ctx.get(&credential_path(ADA, None), Some(&admin)).await;
    assert_eq!(
        list["data"][0]["password_profile_id"], list["data"][1]["password_profile_id"],
        "same profile"
    );

    // The member's own token lists both too (the app's lookup path).
    let token = ctx.implicit().await;
    let am = ctx.ada_am_token(&token).await;
    let (status, _, own) =
        ctx.send(Method::GET, &credential_path(ADA, None), Some(&token), Some(&am), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own["data"].as_array().map(Vec::len), Some(2));

    // The duplicate is a credential of its own: its own password, and changing one leaves the other.
    let (status, login) = ctx.login(&token, &old_username, &format!("old {ADA_PASSWORD}")).await;
    assert_eq!(status, StatusCode::CREATED, "{login}");
    assert_eq!(login["meta"]["account_member_id"], ADA);
    let (status, _) =
        ctx.update_password(&token, Some(&am), ADA, ADA_CRED, ADA_EMAIL, "the real one changed").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ctx.login(&token, ADA_EMAIL, "the real one changed").await.0, StatusCode::CREATED);
    assert_eq!(ctx.login(&token, &old_username, &format!("old {ADA_PASSWORD}")).await.0, StatusCode::CREATED);
    // An OTP request for the real username still mails the real credential.
    ctx.request_otp(&token, ADA_EMAIL).await;
    let email = ctx.outbox().await.last().cloned().expect("an e-mail");
    assert_eq!(email["event"]["payload"]["user_authentication_password_profile_info"]["id"], ADA_CRED);

    ctx.reset().await;
    assert_eq!(ada_credentials(&ctx, &admin).await.len(), 2, "reset keeps the start-up switch");
}

#[tokio::test]
async fn duplicate_credentials_at_run_time() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    assert_eq!(ada_credentials(&ctx, &admin).await, [(ADA_CRED.to_string(), ADA_EMAIL.to_string())]);
    let (status, switches) = ctx.patch("/__sandbox/switches", json!({"duplicate_credentials": true})).await;
    assert_eq!((status, &switches["duplicate_credentials"]), (StatusCode::OK, &json!(true)));
    let listed = ada_credentials(&ctx, &admin).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0], (duplicate_id(ADA_CRED), format!("old.{ADA_EMAIL}")));
    let (_, grace) = ctx.get(&credential_path(GRACE, None), Some(&admin)).await;
    assert_eq!(grace["data"][1]["id"], GRACE_CRED, "every seeded user has one");
    ctx.patch("/__sandbox/switches", json!({"duplicate_credentials": true})).await;
    assert_eq!(ada_credentials(&ctx, &admin).await.len(), 2, "switching on twice adds nothing");
    ctx.patch("/__sandbox/switches", json!({"duplicate_credentials": false})).await;
    assert_eq!(ada_credentials(&ctx, &admin).await, [(ADA_CRED.to_string(), ADA_EMAIL.to_string())]);
    ctx.patch("/__sandbox/switches", json!({"duplicate_credentials": true})).await;
    ctx.reset().await;
    assert_eq!(ada_credentials(&ctx, &admin).await.len(), 1, "reset: off again, as at start");
}
