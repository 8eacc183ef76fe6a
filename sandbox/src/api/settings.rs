//! `GET`/`PUT /v2/settings/account-authentication`.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

use super::auth::Caller;
use super::extract::{Origin, check_type, parse_data};
use super::repr;
use crate::error::ApiError;
use crate::seed::TOKEN_TIMEOUT_RANGE;
use crate::state::{AppState, lock};
use crate::switches::{ImplicitSettings, Switches};

/// Reads the settings: client_credentials, or implicit unless the `implicit_settings` switch refuses it.
pub async fn get_settings(
    State(state): State<Arc<AppState>>,
    Extension(switches): Extension<Switches>,
    caller: Caller,
    Origin(origin): Origin,
) -> Result<Json<Value>, ApiError> {
    if switches.implicit_settings == ImplicitSettings::Refuse {
        caller.require_admin()?;
    }
    let store = lock(&state.store);
    Ok(Json(repr::settings(&store.settings, &store.realm_id, &origin)))
}

#[derive(Deserialize)]
struct SettingsBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    account_member_self_management: Option<String>,
    enable_self_signup: Option<bool>,
    auto_create_account_for_account_members: Option<bool>,
    account_management_authentication_token_timeout_secs: Option<i64>,
}

/// Updates the given fields (client_credentials only); omitted fields keep their value.
pub async fn put_settings(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    caller.require_admin()?;
    let body: SettingsBody = parse_data(&body)?;
    check_type(body.kind.as_deref(), "account_authentication_settings")?;
    if let Some(mode) = &body.account_member_self_management
        && !matches!(mode.as_str(), "disabled" | "update_only")
    {
        return Err(ApiError::invalid_field(
            "account_member_self_management must be disabled or update_only",
            "account_member_self_management",
        ));
    }
    if body
        .account_management_authentication_token_timeout_secs
        .is_some_and(|secs| !TOKEN_TIMEOUT_RANGE.contains(&secs))
    {
        return Err(ApiError::invalid_field(
            "account_management_authentication_token_timeout_secs must be between 1 and 315360000 (ten years)",
            "account_management_authentication_token_timeout_secs",
        ));
    }
    let mut store = lock(&state.store);
    let settings = &mut store.settings;
    if let Some(mode) = body.account_member_self_management {
        settings.account_member_self_management = mode;
    }
    if let Some(value) = body.enable_self_signup {
        settings.enable_self_signup = value;
    }
    if let Some(value) = body.auto_create_account_for_account_members {
        settings.auto_create_account_for_account_members = value;
    }
    if let Some(secs) = body.account_management_authentication_token_timeout_secs {
        settings.token_timeout_secs = secs;
    }
    Ok(Json(repr::settings(&store.settings, &store.realm_id, &origin)))
}
