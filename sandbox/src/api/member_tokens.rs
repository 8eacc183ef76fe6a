//! `POST /v2/account-members/tokens`: exchange a one-time password (or a password) for
//! account-management tokens, one per account.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::Caller;
use super::extract::{Origin, check_type, parse_data, required};
use crate::clock::iso8601;
use crate::error::ApiError;
use crate::jwt::AmClaims;
use crate::state::{AppState, lock};

#[derive(Deserialize)]
struct TokenBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    authentication_mechanism: Option<String>,
    password_profile_id: Option<String>,
    username: Option<String>,
    one_time_password_token: Option<String>,
    password: Option<String>,
}

/// How the member proves who they are.
enum Proof {
    Otp(String),
    Password(String),
}

/// `201` with one token per account (`data` empty for a member without accounts) and
/// `meta.account_member_id`; `401` for a wrong, expired or used code.
pub async fn create(
    State(state): State<Arc<AppState>>,
    _caller: Caller,
    Origin(origin): Origin,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body: TokenBody = parse_data(&body)?;
    check_type(body.kind.as_deref(), "account_management_authentication_token")?;
    let mechanism = required(body.authentication_mechanism, "authentication_mechanism")?;
    let proof = match mechanism.as_str() {
        "passwordless" => Proof::Otp(required(body.one_time_password_token, "one_time_password_token")?),
        "password" => Proof::Password(required(body.password, "password")?),
        _ => {
            return Err(ApiError::invalid_field(
                "authentication_mechanism must be passwordless or password (the sandbox supports no other)",
                "authentication_mechanism",
            ));
        }
    };
    let profile_id = required(body.password_profile_id, "password_profile_id")?;
    let username = required(body.username, "username")?;
    let now = state.clock.now();
    let mut store = lock(&state.store);
    if store.profile(&profile_id).is_none() {
        return Err(ApiError::NotFound("password profile not found".into()));
    }
    let credential = store.credential_by_username(&profile_id, &username).cloned();
    match (&proof, credential.as_ref()) {
        (Proof::Otp(code), Some(credential)) => {
            store.otps.redeem(&credential.id, code, now).map_err(|_| ApiError::InvalidOtp)?
        }
        (Proof::Otp(_), None) => return Err(ApiError::InvalidOtp),
        (Proof::Password(password), Some(credential)) if credential.password.verify(password) => {}
        (Proof::Password(_), _) => return Err(ApiError::InvalidPassword),
    }
    let member_id = credential.map(|c| c.user_id).unwrap_or_default();
    let user = store.user(&member_id).ok_or(ApiError::InvalidOtp)?;
    // The timeout and the clock are both bounded, so this cannot overflow; refuse rather than wrap anyway.
    let exp = now
        .checked_add(store.settings.token_timeout_secs)
        .ok_or(ApiError::Other(StatusCode::INTERNAL_SERVER_ERROR))?;
    let data: Vec<Value> = user
        .account_ids
        .iter()
        .filter_map(|account_id| store.accounts.iter().find(|a| &a.id == account_id))
        .map(|account| {
            let token = state.jwt.sign(&AmClaims {
                sub: member_id.clone(),
                realm_id: store.realm_id.clone(),
                store_id: store.store_id.clone(),
                account_member_self_management: store.settings.account_member_self_management.clone(),
                iat: now,
                exp,
                scope: account.id.clone(),
                ancestors: String::new(),
            });
            json!({
                "type": "account_management_authentication_token",
                "account_id": account.id,
                "account_name": account.name,
                "token": token,
                "expires": iso8601(exp),
            })
        })
        .collect();
    let total = data.len();
    let link = format!("{origin}{}?page[offset]=0&page[limit]=25", super::MEMBER_TOKENS);
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "data": data,
            "meta": {
                "account_member_id": member_id,
                "page": { "limit": 25, "current": 0, "offset": 0, "total": total },
                "results": { "total": total },
            },
            "links": { "current": link, "first": link, "last": link, "next": null, "prev": null },
        })),
    ))
}
