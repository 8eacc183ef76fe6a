//! User authentication password profile info: create, list, get, update (set the password).

use std::sync::Arc;

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::Value;

use super::auth::Caller;
use super::extract::{Ids, Origin, Page, check_realm, check_type, parse_data, required};
use super::repr;
use crate::crypto::{PasswordHash, new_id};
use crate::error::ApiError;
use crate::state::{AppState, lock};
use crate::store::{Credential, Store};

/// The credential type name.
const TYPE: &str = "user_authentication_password_profile_info";

/// Minimum password length, in characters.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Maximum password length, in bytes (EP documents none; the project promises at least 1,024).
pub const MAX_PASSWORD_BYTES: usize = 4096;

fn user_not_found() -> ApiError {
    ApiError::NotFound("user authentication info not found".into())
}

fn not_found() -> ApiError {
    ApiError::NotFound("user authentication password profile info not found".into())
}

/// 400 unless the password has at least 8 characters and at least the profile's `min_length` (if set),
/// and at most 4,096 bytes. Passwords are never trimmed or normalised.
fn check_password(password: &str, profile_min_length: Option<u32>) -> Result<(), ApiError> {
    let min_chars = profile_min_length
        .and_then(|n| usize::try_from(n).ok())
        .map_or(MIN_PASSWORD_CHARS, |n| n.max(MIN_PASSWORD_CHARS));
    if password.chars().count() < min_chars {
        return Err(ApiError::invalid_field(
            format!("password must be at least {min_chars} characters"),
            "password",
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::invalid_field(
            format!("password must be at most {MAX_PASSWORD_BYTES} bytes"),
            "password",
        ));
    }
    Ok(())
}

/// Checks realm, permission (admin, or the user's own account-management token) and that the user exists.
fn authorize(store: &Store, caller: &Caller, realm: &str, user_id: &str) -> Result<(), ApiError> {
    check_realm(store, realm)?;
    caller.require_self_management(store, user_id)?;
    store.user(user_id).map(|_| ()).ok_or_else(user_not_found)
}

/// Lists a user's credentials (admin, or the user's own account-management token).
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids((realm, user)): Ids<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let page = Page::from_pairs(&ep_reset_link::parse_pairs(&query.unwrap_or_default()))?;
    let store = lock(&state.store);
    authorize(&store, &caller, &realm, &user)?;
    let owned: Vec<&Credential> = store.credentials.iter().filter(|c| c.user_id == user).collect();
    let items = page.slice(&owned).into_iter().map(repr::credential).collect();
    Ok(Json(repr::list(items, page, owned.len(), &repr::credential_link(&origin, &realm, &user, None))))
}

/// Gets one credential (admin, or the user's own account-management token).
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids((realm, user, id)): Ids<(String, String, String)>,
) -> Result<Json<Value>, ApiError> {
    let store = lock(&state.store);
    authorize(&store, &caller, &realm, &user)?;
    let credential =
        store.credentials.iter().find(|c| c.id == id && c.user_id == user).ok_or_else(not_found)?;
    Ok(Json(repr::single(
        repr::credential(credential),
        &repr::credential_link(&origin, &realm, &user, Some(&id)),
    )))
}

#[derive(Deserialize)]
struct CredentialBody {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    password_profile_id: Option<String>,
    username: Option<String>,
    password: Option<String>,
}

/// Creates a credential (client_credentials): one per user and profile, usernames unique per profile.
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids((realm, user)): Ids<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require_admin()?;
    let body: CredentialBody = parse_data(&body)?;
    check_type(body.kind.as_deref(), TYPE)?;
    let profile_id = required(body.password_profile_id, "password_profile_id")?;
    let username = required(body.username, "username")?;
    let password = required(body.password, "password")?;
    let now = state.clock.now();
    let mut store = lock(&state.store);
    authorize(&store, &caller, &realm, &user)?;
    let profile =
        store.profile(&profile_id).ok_or_else(|| ApiError::NotFound("password profile not found".into()))?;
    check_password(&password, profile.min_length)?;
    if store
        .credentials
        .iter()
        .any(|c| c.password_profile_id == profile_id && (c.user_id == user || c.username == username))
    {
        return Err(ApiError::Conflict(
            "a password profile info with this user or username already exists in this profile".into(),
        ));
    }
    let credential = Credential {
        id: new_id(),
        user_id: user.clone(),
        password_profile_id: profile_id,
        username,
        password: PasswordHash::new(&password),
        created_at: now,
        updated_at: now,
    };
    let response = repr::single(
        repr::credential(&credential),
        &repr::credential_link(&origin, &realm, &user, Some(&credential.id)),
    );
    store.credentials.push(credential);
    Ok((StatusCode::CREATED, Json(response)))
}

/// Updates a credential: admin, or the user's own account-management token with self-management
/// `update_only`. `password` (if given) must pass [`check_password`] for the credential's profile.
pub async fn update(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids((realm, user, id)): Ids<(String, String, String)>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let body: CredentialBody = parse_data(&body)?;
    let now = state.clock.now();
    let mut store = lock(&state.store);
    authorize(&store, &caller, &realm, &user)?;
    check_type(body.kind.as_deref(), TYPE)?;
    if body.id.as_deref().is_some_and(|body_id| body_id != id) {
        return Err(ApiError::invalid_field("id does not match the URL", "id"));
    }
    if body.username.as_deref() == Some("") {
        return Err(ApiError::invalid_field("username must not be empty", "username"));
    }
    let index =
        store.credentials.iter().position(|c| c.id == id && c.user_id == user).ok_or_else(not_found)?;
    let profile_id = store.credentials[index].password_profile_id.clone();
    if body.password_profile_id.as_deref().is_some_and(|p| p != profile_id) {
        return Err(ApiError::invalid_field(
            "password_profile_id does not match this password profile info",
            "password_profile_id",
        ));
    }
    if let Some(password) = &body.password {
        check_password(password, store.profile(&profile_id).and_then(|p| p.min_length))?;
    }
    if let Some(username) = &body.username
        && store
            .credentials
            .iter()
            .any(|c| c.id != id && c.password_profile_id == profile_id && &c.username == username)
    {
        return Err(ApiError::Conflict("username already taken in this profile".into()));
    }
    let credential = &mut store.credentials[index];
    if let Some(username) = body.username {
        credential.username = username;
    }
    if let Some(password) = body.password {
        credential.password = PasswordHash::new(&password);
    }
    credential.updated_at = now;
    Ok(Json(repr::single(
        repr::credential(credential),
        &repr::credential_link(&origin, &realm, &user, Some(&id)),
    )))
}

#[cfg(test)]
mod tests {
    use super::check_password;

    #[test]
    fn password_rules() {
        assert!(check_password("1234567", None).is_err());
        assert!(check_password("12345678", None).is_ok());
        assert!(check_password("ééééééé", None).is_err(), "7 characters, 14 bytes");
        assert!(check_password("éééééééé", None).is_ok());
        assert!(check_password(&"x".repeat(1024), None).is_ok());
        assert!(check_password(&"x".repeat(4097), None).is_err());
    }

    #[test]
    fn profile_minimum_raises_but_never_lowers_the_floor() {
        assert!(check_password("123456789", Some(10)).is_err());
        assert!(check_password("1234567890", Some(10)).is_ok());
        assert!(check_password("1234567", Some(4)).is_err(), "the 8-character floor stays");
        assert!(check_password("éééééééééé", Some(10)).is_ok(), "characters, not bytes");
    }

    #[test]
    fn every_password_refusal_names_data_password() {
        for refusal in [check_password("short", None), check_password("123456789", Some(12))] {
            let body = refusal.err().map(|e| e.body());
            assert_eq!(body.map(|b| b["errors"][0]["source"].clone()), Some("data.password".into()));
        }
    }
}
