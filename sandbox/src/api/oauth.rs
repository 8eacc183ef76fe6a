//! `POST /oauth/access_token`: implicit and client_credentials grants.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::ORIGIN;
use bytes::Bytes;
use serde_json::{Value, json};

use crate::crypto::random_hex;
use crate::error::ApiError;
use crate::state::{AccessToken, AppState, Grant, lock};

/// Lifetime of implicit and client_credentials tokens, in seconds.
pub const TOKEN_TTL_SECS: i64 = 3600;

/// Issues a token for a form-urlencoded `grant_type=implicit&client_id=…` or
/// `grant_type=client_credentials&client_id=…&client_secret=…`. A `client_credentials` request that
/// carries `Origin` comes from a web page (browsers add it to every cross-origin and every `POST`
/// request; back-office clients send none) and is refused whatever its secret: the sandbox runs on a
/// developer's machine, where any open page can reach it.
pub async fn access_token(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let pairs = ep_reset_link::parse_pairs(&String::from_utf8_lossy(&body));
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ApiError::invalid(format!("{name} is required"), name))
    };
    let grant_type = field("grant_type")?;
    let client_id = field("client_id")?;
    let (known_id, known_secret) = {
        let store = lock(&state.store);
        (store.client_id.clone(), store.client_secret.clone())
    };
    let grant = match grant_type {
        "implicit" => Grant::Implicit,
        "client_credentials" => Grant::ClientCredentials,
        _ => {
            return Err(ApiError::invalid("grant_type must be implicit or client_credentials", "grant_type"));
        }
    };
    if grant == Grant::ClientCredentials && headers.contains_key(ORIGIN) {
        return Err(ApiError::Forbidden("client_credentials tokens are never issued to a web page"));
    }
    if grant == Grant::ClientCredentials && field("client_secret")? != known_secret {
        return Err(ApiError::InvalidClient);
    }
    if client_id != known_id {
        return Err(ApiError::InvalidClient);
    }
    let now = state.clock.now();
    let expires = now + TOKEN_TTL_SECS;
    let access_token = random_hex(20);
    {
        let mut tokens = lock(&state.tokens);
        // Expired tokens go first; a full map then drops its oldest token (which answers 401 from then on).
        tokens.drop_oldest_while(|t| t.expires <= now);
        tokens.insert(access_token.clone(), AccessToken { grant, expires });
    }
    let identifier = match grant {
        Grant::Implicit => "implicit",
        Grant::ClientCredentials => "client_credentials",
    };
    Ok(Json(json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "identifier": identifier,
        "expires_in": TOKEN_TTL_SECS,
        "expires": expires,
    })))
}
