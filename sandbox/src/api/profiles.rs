//! Password profiles: list, get (implicit allowed), create, update (client_credentials).

use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use bytes::Bytes;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::auth::Caller;
use super::extract::{Ids, Origin, Page, check_realm, check_type, parse_data, required};
use super::repr;
use crate::crypto::new_id;
use crate::error::ApiError;
use crate::seed::MIN_LENGTH_RANGE;
use crate::state::{AppState, lock};
use crate::store::PasswordProfile;

fn not_found() -> ApiError {
    ApiError::NotFound("password profile not found".into())
}

/// Lists the realm's password profiles.
pub async fn list(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Origin(origin): Origin,
    Ids(realm): Ids<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_pairs(&ep_reset_link::parse_pairs(&query.unwrap_or_default()))?;
    let store = lock(&state.store);
    check_realm(&store, &realm)?;
    let items: Vec<Value> = page.slice(&store.profiles).iter().map(repr::profile).collect();
    let base = format!("{}/password-profiles", repr::realm_link(&origin, &realm));
    Ok(Json(repr::list(items, page, store.profiles.len(), &base)))
}

/// Gets one password profile.
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Origin(origin): Origin,
    Ids((realm, id)): Ids<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let store = lock(&state.store);
    check_realm(&store, &realm)?;
    let profile = store.profile(&id).ok_or_else(not_found)?;
    Ok(Json(repr::single(repr::profile(profile), &repr::profile_link(&origin, &realm, &id))))
}

#[derive(Deserialize)]
struct ProfileBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    username_format: Option<String>,
    enable_one_time_password_token: Option<bool>,
    /// Missing: keep (or none, on create); `null`: none; a number: that minimum.
    #[serde(default, deserialize_with = "present")]
    min_length: Option<Option<u32>>,
}

/// Tells a field sent as `null` (`Some(None)`) from a missing one (`None`, via `#[serde(default)]`).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<u32>>, D::Error> {
    Option::<u32>::deserialize(deserializer).map(Some)
}

/// Validated `name` and `username_format` (both required on create and update, as Elastic Path
/// documents) and a `min_length` within 1–4096 when given.
fn validate(body: &ProfileBody) -> Result<(String, String), ApiError> {
    check_type(body.kind.as_deref(), "password_profile")?;
    let name = required(body.name.clone(), "name")?;
    let format = required(body.username_format.clone(), "username_format")?;
    if !matches!(format.as_str(), "email" | "any") {
        return Err(ApiError::invalid_field("username_format must be email or any", "username_format"));
    }
    if body.min_length.flatten().is_some_and(|n| !MIN_LENGTH_RANGE.contains(&n)) {
        return Err(ApiError::invalid_field("min_length must be between 1 and 4096", "min_length"));
    }
    Ok((name, format))
}

/// Creates a password profile (client_credentials).
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids(realm): Ids<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require_admin()?;
    let body: ProfileBody = parse_data(&body)?;
    let (name, username_format) = validate(&body)?;
    let now = state.clock.now();
    let mut store = lock(&state.store);
    check_realm(&store, &realm)?;
    let profile = PasswordProfile {
        id: new_id(),
        name,
        username_format,
        enable_one_time_password_token: body.enable_one_time_password_token.unwrap_or(false),
        min_length: body.min_length.flatten(),
        created_at: now,
        updated_at: now,
    };
    let response = repr::single(repr::profile(&profile), &repr::profile_link(&origin, &realm, &profile.id));
    store.profiles.push(profile);
    Ok((StatusCode::CREATED, Json(response)))
}

/// Updates a password profile (client_credentials); omitted optional fields keep their value.
pub async fn update(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids((realm, id)): Ids<(String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    caller.require_admin()?;
    let body: ProfileBody = parse_data(&body)?;
    let (name, username_format) = validate(&body)?;
    let now = state.clock.now();
    let mut store = lock(&state.store);
    check_realm(&store, &realm)?;
    let profile = store.profiles.iter_mut().find(|p| p.id == id).ok_or_else(not_found)?;
    profile.name = name;
    profile.username_format = username_format;
    if let Some(enabled) = body.enable_one_time_password_token {
        profile.enable_one_time_password_token = enabled;
    }
    if let Some(min_length) = body.min_length {
        profile.min_length = min_length;
    }
    profile.updated_at = now;
    Ok(Json(repr::single(repr::profile(profile), &repr::profile_link(&origin, &realm, &id))))
}
