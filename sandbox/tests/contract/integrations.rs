//! The Integrations API: create, list, get, update, delete; permissions; validation; log and faults.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

const INTEGRATIONS: &str = "/v2/integrations";

fn one(id: &str) -> String {
    format!("{INTEGRATIONS}/{id}")
}

#[tokio::test]
async fn create_list_get_update_delete() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let data = webhook_integration("http://127.0.0.1:9/otp-hook", Some("s3cret"));
    let (status, created) = ctx.post(INTEGRATIONS, Some(&admin), json!({ "data": data })).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let integration = &created["data"];
    let id = integration["id"].as_str().expect("id").to_string();
    assert_eq!(integration["type"], "integration");
    assert_eq!(integration["name"], "One Time Password notification");
    assert_eq!(integration["description"], "Send one time password notification");
    assert_eq!(integration["enabled"], true);
    assert_eq!(integration["integration_type"], "webhook");
    assert_eq!(integration["observes"], json!(["one-time-password-token-request.created"]));
    assert_eq!(
        integration["configuration"],
        json!({"url": "http://127.0.0.1:9/otp-hook"}),
        "the secret key is written, never read back"
    );
    assert!(integration["meta"]["created_at"].as_str().is_some_and(|t| t.contains('T')));
    assert!(created["links"]["self"].as_str().is_some_and(|l| l.ends_with(&one(&id))));

    let (status, list) = ctx.get(INTEGRATIONS, Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["meta"]["results"]["total"], 1);
    assert_eq!(list["data"][0], created["data"]);
    assert!(!list.to_string().contains("s3cret"), "GET /v2/integrations echoes no secret: {list}");
    let (status, got) = ctx.get(&one(&id), Some(&admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["data"], created["data"]);

    // A PUT replaces the fields it gives and keeps the rest.
    let change =
        json!({"data": {"type": "integration", "id": id, "enabled": false, "description": "paused"}});
    let (status, updated) = ctx.put(&one(&id), Some(&admin), change).await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["data"]["enabled"], false);
    assert_eq!(updated["data"]["description"], "paused");
    assert_eq!(updated["data"]["name"], "One Time Password notification");
    assert_eq!(updated["data"]["configuration"], integration["configuration"]);
    let new_configuration =
        json!({"data": {"type": "integration", "configuration": {"url": "http://127.0.0.1:9/new"}}});
    let (_, updated) = ctx.put(&one(&id), Some(&admin), new_configuration).await;
    assert_eq!(updated["data"]["configuration"], json!({"url": "http://127.0.0.1:9/new"}), "replaced whole");
    assert_eq!(ctx.get(&one(&id), Some(&admin)).await.1["data"], updated["data"]);

    let (status, body) = ctx.delete(&one(&id), Some(&admin)).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));
    let (status, body) = ctx.get(&one(&id), Some(&admin)).await;
    assert_error(status, &body, 404);
    let (status, body) = ctx.delete(&one(&id), Some(&admin)).await;
    assert_error(status, &body, 404);
    let (status, body) = ctx.put(&one("nope"), Some(&admin), json!({"data": {"type": "integration"}})).await;
    assert_error(status, &body, 404);
    assert_eq!(ctx.get(INTEGRATIONS, Some(&admin)).await.1["data"], json!([]));
}

#[tokio::test]
async fn remote_webhook_urls_are_refused_without_the_flag() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    for url in ["https://shop.example/otp-hook", "http://192.168.1.20/hook", "http://localhost.evil.example/"]
    {
        let data = webhook_integration(url, None);
        let (status, body) = ctx.post(INTEGRATIONS, Some(&admin), json!({ "data": data })).await;
        let error = assert_error(status, &body, 422);
        assert_eq!(error["source"], "data.configuration.url", "{url}");
        assert!(error["detail"].as_str().is_some_and(|d| d.contains("--allow-remote-webhooks")), "{body}");
    }
    let id = ctx.create_integration(&admin, webhook_integration("http://localhost:9/hook", None)).await;
    let moved = json!({"data": {"type": "integration", "configuration": {"url": "https://shop.example/x"}}});
    let (status, body) = ctx.put(&one(&id), Some(&admin), moved.clone()).await;
    assert_error(status, &body, 422);

    let ctx = start_with(|c| c.allow_remote_webhooks = true).await;
    let admin = ctx.admin().await;
    ctx.create_integration(&admin, webhook_integration("https://shop.example/otp-hook", None)).await;
}

#[tokio::test]
async fn other_integration_types_are_stored() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    for kind in ["aws_sqs", "stomp"] {
        let data = json!({"type": "integration", "name": kind, "integration_type": kind,
            "observes": ["one-time-password-token-request.created"], "configuration": {"url": "queue"}});
        let id = ctx.create_integration(&admin, data).await;
        let (_, got) = ctx.get(&one(&id), Some(&admin)).await;
        assert_eq!(got["data"]["integration_type"], kind);
        assert_eq!(got["data"]["enabled"], false, "enabled defaults to false");
        assert_eq!(got["data"]["description"], "");
    }
    let (_, list) = ctx.get(&format!("{INTEGRATIONS}?page[limit]=1"), Some(&admin)).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["meta"]["results"]["total"], 2);
}

#[tokio::test]
async fn client_credentials_only() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let id = ctx.create_integration(&admin, webhook_integration("http://127.0.0.1:9/hook", None)).await;
    let implicit = ctx.implicit().await;
    let am = ctx.ada_am_token(&implicit).await;
    let body = json!({ "data": webhook_integration("http://127.0.0.1:9/hook", None) });
    let calls = [
        (Method::GET, INTEGRATIONS.to_string(), None),
        (Method::POST, INTEGRATIONS.to_string(), Some(body.clone())),
        (Method::GET, one(&id), None),
        (Method::PUT, one(&id), Some(body)),
        (Method::DELETE, one(&id), None),
    ];
    for (method, path, body) in calls {
        for am in [None, Some(am.as_str())] {
            let (status, _, error) = ctx.send(method.clone(), &path, Some(&implicit), am, body.clone()).await;
            assert_error(status, &error, 403);
        }
        let (status, _, error) = ctx.send(method.clone(), &path, None, None, body.clone()).await;
        assert_error(status, &error, 401);
    }
    let (_, list) = ctx.get(INTEGRATIONS, Some(&admin)).await;
    assert_eq!(list["meta"]["results"]["total"], 1, "nothing was written");
}

#[tokio::test]
async fn validation_errors_are_422_naming_the_field() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let valid = webhook_integration("http://127.0.0.1:9/hook", None);
    let without = |key: &str| {
        let mut data = valid.clone();
        data.as_object_mut().expect("object").remove(key);
        data
    };
    let with = |key: &str, value: Value| {
        let mut data = valid.clone();
        data[key] = value;
        data
    };
    for (data, source) in [
        (without("name"), "data.name"),
        (with("name", json!("")), "data.name"),
        (without("integration_type"), "data.integration_type"),
        (with("integration_type", json!("email")), "data.integration_type"),
        (without("type"), "data.type"),
        (with("type", json!("webhook")), "data.type"),
        (without("configuration"), "data.configuration.url"),
        (with("configuration", json!({"secret_key": "s"})), "data.configuration.url"),
        (with("configuration", json!({"url": "mailto:shop@example.com"})), "data.configuration.url"),
        (with("enabled", json!("true")), "data.enabled"),
        (with("observes", json!("one-time-password-token-request.created")), "data.observes"),
    ] {
        let (status, body) = ctx.post(INTEGRATIONS, Some(&admin), json!({ "data": data })).await;
        assert_eq!(assert_error(status, &body, 422)["source"], source, "{body}");
    }
    let id = ctx.create_integration(&admin, valid).await;
    let (status, body) =
        ctx.put(&one(&id), Some(&admin), json!({"data": {"type": "integration", "configuration": {}}})).await;
    assert_eq!(assert_error(status, &body, 422)["source"], "data.configuration.url");
    let (status, body) =
        ctx.put(&one(&id), Some(&admin), json!({"data": {"type": "integration", "id": "other"}})).await;
    assert_eq!(assert_error(status, &body, 422)["source"], "data.id");
    let (status, body) = ctx.post(INTEGRATIONS, Some(&admin), json!({"nodata": {}})).await;
    assert_error(status, &body, 400);
    let response = ctx
        .http
        .post(ctx.url(INTEGRATIONS))
        .bearer_auth(&admin)
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let (_, list) = ctx.get(INTEGRATIONS, Some(&admin)).await;
    assert_eq!(list["meta"]["results"]["total"], 1, "only the valid one was stored");
    let (_, kept) = ctx.get(&one(&id), Some(&admin)).await;
    assert_eq!(
        kept["data"]["configuration"],
        json!({"url": "http://127.0.0.1:9/hook"}),
        "a refused PUT changes nothing"
    );
}

#[tokio::test]
async fn request_log_and_faults_use_the_route_names() {
    let ctx = start().await;
    let admin = ctx.admin().await;
    let id = ctx.create_integration(&admin, webhook_integration("http://127.0.0.1:9/hook", None)).await;
    ctx.get(INTEGRATIONS, Some(&admin)).await;
    ctx.get(&one(&id), Some(&admin)).await;
    ctx.put(&one(&id), Some(&admin), json!({"data": {"type": "integration", "enabled": false}})).await;
    ctx.delete(&one(&id), Some(&admin)).await;
    let routes: Vec<(String, u64)> = ctx
        .requests()
        .await
        .iter()
        .skip(1)
        .map(|r| (r["route"].as_str().unwrap_or_default().into(), r["status"].as_u64().unwrap_or_default()))
        .collect();
    let expected: Vec<(String, u64)> = [
        ("integrations", 201),
        ("integrations", 200),
        ("integration", 200),
        ("integration", 200),
        ("integration", 204),
    ]
    .iter()
    .map(|(r, s)| ((*r).to_string(), *s))
    .collect();
    assert_eq!(routes, expected);

    ctx.fault(json!({"route": "integrations", "status": 503})).await;
    ctx.fault(json!({"route": "integration", "status": 500})).await;
    let (status, body) = ctx.get(INTEGRATIONS, Some(&admin)).await;
    assert_error(status, &body, 503);
    let (status, body) = ctx.get(&one("any"), Some(&admin)).await;
    assert_error(status, &body, 500);
    assert_eq!(ctx.get(INTEGRATIONS, Some(&admin)).await.0, StatusCode::OK, "used up");
    ctx.fault(json!({"route": "integrations", "malformed": true})).await;
    let response = ctx
        .http
        .post(ctx.url(INTEGRATIONS))
        .bearer_auth(&admin)
        .json(&json!({ "data": webhook_integration("http://127.0.0.1:9/hook", None) }))
        .send()
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::CREATED, "the create's success status");
    assert!(serde_json::from_str::<Value>(&response.text().await.expect("text")).is_err());
}
