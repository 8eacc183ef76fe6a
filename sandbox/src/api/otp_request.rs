//! `POST …/password-profiles/:profile/one-time-password-token-request`: issue a code, send the event.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use bytes::Bytes;
use serde::Deserialize;

use super::auth::Caller;
use super::extract::{Ids, check_realm, check_type, parse_data, required};
use crate::crypto::random_alphanumeric;
use crate::error::ApiError;
use crate::otp::OTP_LEN;
use crate::outbox::{OtpEvent, deliver};
use crate::state::{AppState, lock};

#[derive(Deserialize)]
struct OtpRequestBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    username: Option<String>,
    purpose: Option<String>,
}

/// Answers `202` with no body for known and unknown usernames alike; only a known one gets a code
/// (invalidating any older one) and an e-mail. A profile without OTP enabled answers `422`.
pub async fn create(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Ids((realm, profile_id)): Ids<(String, String)>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let body: OtpRequestBody = parse_data(&body)?;
    check_type(body.kind.as_deref(), "one_time_password_token_request")?;
    let username = required(body.username, "username")?;
    let purpose = required(body.purpose, "purpose")?;
    if !matches!(purpose.as_str(), "reset_password" | "passwordless_authentication") {
        return Err(ApiError::invalid(
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
            return Err(ApiError::Unprocessable(
                "one time password tokens are not enabled for this password profile".into(),
            ));
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
            password_profile_id: profile_id,
            credential_id: credential.id,
            username: credential.username,
            user_id: user.id,
            name: user.name,
            email: user.email,
        }
    };
    deliver(&state, event);
    Ok(StatusCode::ACCEPTED)
}
