//! `POST …/password-profiles/:profile/one-time-password-token-request`: issue a code, send the event.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use bytes::Bytes;
use serde::Deserialize;

use super::auth::Caller;
use super::extract::{Ids, check_realm, parse_data, required};
use crate::crypto::random_alphanumeric;
use crate::error::ApiError;
use crate::events::{OtpEvent, publish};
use crate::otp::OTP_LEN;
use crate::state::{AppState, lock};
use crate::switches::{OtpRequestType, Switches};

#[derive(Deserialize)]
struct OtpRequestBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    username: Option<String>,
    purpose: Option<String>,
}

/// `422` (source `data.type`) unless `type` is a spelling the `otp_request_type` switch accepts. Checked
/// before anything else about the request, so the answer says nothing about the username.
fn check_otp_type(kind: Option<&str>, accepted: OtpRequestType) -> Result<(), ApiError> {
    match kind {
        Some(kind) if accepted.accepts(kind) => Ok(()),
        _ => Err(ApiError::unprocessable_field(format!("type must be {}", accepted.expected()), "type")),
    }
}

/// Answers `202` with no body for known and unknown usernames alike; only a known one gets a code
/// (invalidating any older one) and an event. A profile without OTP enabled answers `422`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    Extension(switches): Extension<Switches>,
    _caller: Caller,
    Ids((realm, profile_id)): Ids<(String, String)>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body: OtpRequestBody = parse_data(&body)?;
    check_otp_type(body.kind.as_deref(), switches.otp_request_type)?;
    let username = required(body.username, "username")?;
    let purpose = required(body.purpose, "purpose")?;
    if !matches!(purpose.as_str(), "reset_password" | "passwordless_authentication") {
        return Err(ApiError::invalid_field(
            "purpose must be reset_password or passwordless_authentication",
            "purpose",
        ));
    }
    let now = state.clock.now();
    let event = {
        let mut store = lock(&state.store);
        check_realm(&store, &realm)?;
        let profile = store
            .profile(&profile_id)
            .ok_or_else(|| ApiError::NotFound("password profile not found".into()))?;
        if !profile.enable_one_time_password_token {
            return Err(ApiError::Unprocessable {
                detail: "one time password tokens are not enabled for this password profile".into(),
                field: None,
            });
        }
        let Some(credential) = store.credential_by_username(&profile_id, &username).cloned() else {
            return Ok(StatusCode::ACCEPTED);
        };
        let Some(user) = store.user(&credential.user_id).cloned() else {
            return Ok(StatusCode::ACCEPTED);
        };
        let otp = random_alphanumeric(OTP_LEN);
        store.otps.issue(&credential.id, otp.clone(), now);
        OtpEvent {
            otp,
            purpose,
            realm_id: realm,
            password_profile_id: profile_id,
            credential_id: credential.id,
            username: credential.username,
            user_id: user.id,
            name: user.name,
            email: user.email,
        }
    };
    publish(&state, event);
    Ok(StatusCode::ACCEPTED)
}
