//! `/v2/integrations`: create, list, get, update, delete, with a client_credentials token only.
//! Field errors answer `422` with `source` naming the field, as Elastic Path's spec lists.

use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use bytes::Bytes;
use serde_json::{Map, Value};

use super::auth::Caller;
use super::extract::{Ids, Origin, Page, parse_data};
use super::repr;
use crate::crypto::new_id;
use crate::error::ApiError;
use crate::state::{AppState, lock};
use crate::store::{Integration, IntegrationType};
use crate::webhooks::{REMOTE_WEBHOOK_REFUSED, is_loopback_url};

/// The integration type name.
const TYPE: &str = "integration";

fn not_found() -> ApiError {
    ApiError::NotFound("integration not found".into())
}

fn wrong(field: &str, what: &str) -> ApiError {
    ApiError::unprocessable_field(format!("{field} must be {what}"), field)
}

/// A field of `data`, unless it is missing or `null` (both mean "not given").
fn given<'a>(data: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    data.get(key).filter(|value| !value.is_null())
}

/// The writable fields of a request body, each checked for its type; `None` means not given.
#[derive(Debug, Default)]
struct Changes {
    name: Option<String>,
    description: Option<String>,
    enabled: Option<bool>,
    integration_type: Option<IntegrationType>,
    observes: Option<Vec<String>>,
    configuration: Option<Map<String, Value>>,
}

impl Changes {
    /// Reads `data`; unknown fields are ignored, `type` must be `integration`.
    fn parse(data: &Map<String, Value>) -> Result<Self, ApiError> {
        if given(data, "type").and_then(Value::as_str) != Some(TYPE) {
            return Err(wrong("type", TYPE));
        }
        let string = |key: &str| {
            given(data, key)
                .map(|v| v.as_str().map(String::from).ok_or_else(|| wrong(key, "a string")))
                .transpose()
        };
        let integration_type = given(data, "integration_type")
            .map(|v| {
                serde_json::from_value(v.clone())
                    .map_err(|_| wrong("integration_type", "webhook, aws_sqs or stomp"))
            })
            .transpose()?;
        let observes = given(data, "observes")
            .map(|v| {
                let names: Option<Vec<String>> = v.as_array().and_then(|items| {
                    items.iter().map(|i| i.as_str().filter(|s| !s.is_empty()).map(String::from)).collect()
                });
                names.ok_or_else(|| wrong("observes", "an array of event names"))
            })
            .transpose()?;
        Ok(Self {
            name: string("name")?,
            description: string("description")?,
            enabled: given(data, "enabled")
                .map(|v| v.as_bool().ok_or_else(|| wrong("enabled", "a boolean")))
                .transpose()?,
            integration_type,
            observes,
            configuration: given(data, "configuration")
                .map(|v| v.as_object().cloned().ok_or_else(|| wrong("configuration", "an object")))
                .transpose()?,
        })
    }

    /// Replaces the given fields (`configuration` as a whole).
    fn apply(self, integration: &mut Integration) {
        if let Some(name) = self.name {
            integration.name = name;
        }
        if let Some(description) = self.description {
            integration.description = description;
        }
        if let Some(enabled) = self.enabled {
            integration.enabled = enabled;
        }
        if let Some(integration_type) = self.integration_type {
            integration.integration_type = integration_type;
        }
        if let Some(observes) = self.observes {
            integration.observes = observes;
        }
        if let Some(configuration) = self.configuration {
            integration.configuration = configuration;
        }
    }
}

/// `422` unless `integration` is complete: a name and, for a webhook, an `http`/`https`
/// `configuration.url` (on a loopback host unless `allow_remote`) and a `configuration.secret_key` (if
/// any) that can be sent as a header.
fn check(integration: &Integration, allow_remote: bool) -> Result<(), ApiError> {
    if integration.name.is_empty() {
        return Err(ApiError::unprocessable_field("name is required", "name"));
    }
    if integration.integration_type != IntegrationType::Webhook {
        return Ok(());
    }
    let url = match integration.configuration.get("url") {
        None | Some(Value::Null) => {
            return Err(ApiError::unprocessable_field(
                "configuration.url is required for a webhook",
                "configuration.url",
            ));
        }
        Some(url) => url.as_str().ok_or_else(|| wrong("configuration.url", "a string"))?,
    };
    let parsed = reqwest::Url::parse(url).ok();
    if !parsed.is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some()) {
        return Err(wrong("configuration.url", "an http or https URL"));
    }
    if !allow_remote && !is_loopback_url(url) {
        return Err(ApiError::unprocessable_field(
            format!("configuration.url: {REMOTE_WEBHOOK_REFUSED}"),
            "configuration.url",
        ));
    }
    match integration.configuration.get("secret_key") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(secret)) if HeaderValue::from_str(secret).is_ok() => Ok(()),
        Some(_) => Err(wrong("configuration.secret_key", "a string of visible ASCII characters")),
    }
}

/// Lists the integrations (client_credentials).
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    caller.require_admin()?;
    let page = Page::from_pairs(&ep_reset_link::parse_pairs(&query.unwrap_or_default()))?;
    let store = lock(&state.store);
    let items = page.slice(&store.integrations).iter().map(|i| repr::integration(i, &origin)).collect();
    let total = store.integrations.len();
    Ok(Json(repr::list(items, page, total, &repr::integration_link(&origin, None))))
}

/// Gets one integration (client_credentials).
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids(id): Ids<String>,
) -> Result<Json<Value>, ApiError> {
    caller.require_admin()?;
    let store = lock(&state.store);
    let integration = store.integrations.iter().find(|i| i.id == id).ok_or_else(not_found)?;
    Ok(Json(repr::single(
        repr::integration(integration, &origin),
        &repr::integration_link(&origin, Some(&id)),
    )))
}

/// Creates an integration (client_credentials): `name` and `integration_type` are required,
/// `enabled` defaults to false, `description` to empty, `observes` to none.
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require_admin()?;
    let data: Map<String, Value> = parse_data(&body)?;
    let changes = Changes::parse(&data)?;
    let integration_type = changes
        .integration_type
        .ok_or_else(|| ApiError::unprocessable_field("integration_type is required", "integration_type"))?;
    let now = state.clock.now();
    let mut integration = Integration {
        id: new_id(),
        name: String::new(),
        description: String::new(),
        enabled: false,
        integration_type,
        observes: Vec::new(),
        configuration: Map::new(),
        created_at: now,
        updated_at: now,
    };
    changes.apply(&mut integration);
    check(&integration, state.config.allow_remote_webhooks)?;
    let response = repr::single(
        repr::integration(&integration, &origin),
        &repr::integration_link(&origin, Some(&integration.id)),
    );
    lock(&state.store).integrations.push(integration);
    Ok((StatusCode::CREATED, Json(response)))
}

/// Updates an integration (client_credentials): given fields replace the stored ones, then the whole
/// integration must still be valid.
pub async fn update(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids(id): Ids<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    caller.require_admin()?;
    let data: Map<String, Value> = parse_data(&body)?;
    let changes = Changes::parse(&data)?;
    if given(&data, "id").is_some_and(|body_id| body_id.as_str() != Some(id.as_str())) {
        return Err(ApiError::unprocessable_field("id does not match the URL", "id"));
    }
    let now = state.clock.now();
    let mut store = lock(&state.store);
    let stored = store.integrations.iter_mut().find(|i| i.id == id).ok_or_else(not_found)?;
    let mut updated = stored.clone();
    changes.apply(&mut updated);
    check(&updated, state.config.allow_remote_webhooks)?;
    updated.updated_at = now;
    *stored = updated;
    Ok(Json(repr::single(repr::integration(stored, &origin), &repr::integration_link(&origin, Some(&id)))))
}

/// Deletes an integration (client_credentials); deliveries already under way continue.
pub async fn delete(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Ids(id): Ids<String>,
) -> Result<StatusCode, ApiError> {
    caller.require_admin()?;
    let mut store = lock(&state.store);
    let index = store.integrations.iter().position(|i| i.id == id).ok_or_else(not_found)?;
    store.integrations.remove(index);
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn source(result: Result<Integration, ApiError>) -> Option<Value> {
        result.err().map(|e| {
            assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
            e.body()["errors"][0]["source"].clone()
        })
    }

    fn build(data: Value) -> Result<Integration, ApiError> {
        let data = data.as_object().cloned().unwrap_or_default();
        let changes = Changes::parse(&data)?;
        let mut integration = Integration {
            id: "i".into(),
            name: String::new(),
            description: String::new(),
            enabled: false,
            integration_type: changes.integration_type.unwrap_or(IntegrationType::Webhook),
            observes: Vec::new(),
            configuration: Map::new(),
            created_at: 0,
            updated_at: 0,
        };
        changes.apply(&mut integration);
        check(&integration, true).map(|()| integration)
    }

    #[test]
    fn a_documented_webhook_is_valid() {
        let built = build(json!({"type": "integration", "name": "OTP", "enabled": true,
            "integration_type": "webhook", "observes": ["one-time-password-token-request.created"],
            "configuration": {"url": "https://shop.example/hook", "secret_key": "s3cret"}}));
        let webhook = built.ok().and_then(|i| i.webhook_for("one-time-password-token-request.created"));
        assert_eq!(
            webhook.map(|w| (w.url, w.secret_key)),
            Some(("https://shop.example/hook".into(), Some("s3cret".into())))
        );
    }

    #[test]
    fn field_errors_name_the_field() {
        let base = json!({"type": "integration", "name": "n", "integration_type": "webhook", "configuration": {"url": "http://127.0.0.1:9/"}});
        let with = |key: &str, value: Value| {
            let mut data = base.clone();
            data[key] = value;
            build(data)
        };
        assert_eq!(source(with("type", json!("webhook"))), Some(json!("data.type")));
        assert_eq!(source(with("name", json!(""))), Some(json!("data.name")));
        assert_eq!(source(with("name", json!(5))), Some(json!("data.name")));
        assert_eq!(source(with("integration_type", json!("email"))), Some(json!("data.integration_type")));
        assert_eq!(source(with("enabled", json!("yes"))), Some(json!("data.enabled")));
        assert_eq!(source(with("observes", json!("x"))), Some(json!("data.observes")));
        assert_eq!(source(with("observes", json!([""]))), Some(json!("data.observes")));
        assert_eq!(source(with("configuration", json!({}))), Some(json!("data.configuration.url")));
        assert_eq!(
            source(with("configuration", json!({"url": "ftp://x"}))),
            Some(json!("data.configuration.url"))
        );
        assert_eq!(
            source(with("configuration", json!({"url": "not a url"}))),
            Some(json!("data.configuration.url"))
        );
        assert_eq!(
            source(with("configuration", json!({"url": "http://x/", "secret_key": "a\nb"}))),
            Some(json!("data.configuration.secret_key"))
        );
        assert_eq!(source(with("configuration", json!([]))), Some(json!("data.configuration")));
        assert!(with("integration_type", json!("aws_sqs")).is_ok_and(|i| i.webhook_for("x").is_none()));
    }

    #[test]
    fn remote_webhook_urls_need_the_flag() {
        let mut remote = build(json!({"type": "integration", "name": "n", "integration_type": "webhook",
            "configuration": {"url": "https://shop.example/hook"}}))
        .ok();
        let refused =
            remote.as_mut().map(|i| check(i, false).err().map(|e| e.body()["errors"][0]["source"].clone()));
        assert_eq!(refused, Some(Some(json!("data.configuration.url"))));
        assert!(remote.is_some_and(|i| check(&i, true).is_ok()));
    }

    #[test]
    fn only_enabled_webhooks_observing_the_event_deliver() {
        let base = json!({"type": "integration", "name": "n", "integration_type": "webhook", "enabled": true,
            "observes": ["a"], "configuration": {"url": "http://127.0.0.1:9/", "secret_key": ""}});
        let built = build(base.clone()).ok();
        assert_eq!(
            built.as_ref().and_then(|i| i.webhook_for("a")).map(|w| w.secret_key),
            Some(None),
            "empty secret: no header"
        );
        assert!(built.and_then(|i| i.webhook_for("b")).is_none());
        let mut disabled = base;
        disabled["enabled"] = json!(false);
        assert!(build(disabled).ok().and_then(|i| i.webhook_for("a")).is_none());
    }
}
