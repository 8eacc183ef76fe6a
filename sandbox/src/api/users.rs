//! User authentication info: create, list (with `filter`), get — client_credentials only.

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
use crate::crypto::new_id;
use crate::error::ApiError;
use crate::state::{AppState, lock};
use crate::store::User;

/// One `op(field,value)` term of a `filter` parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    like: bool,
    field: String,
    value: String,
}

/// Parses `eq(email,a@b.c)` / `like(name,*Ada*)` terms joined by `:`.
fn parse_filter(filter: &str) -> Result<Vec<Term>, ApiError> {
    let bad = || ApiError::invalid(format!("unsupported filter: {filter}"), "filter");
    filter
        .split(':')
        .map(|term| {
            let (op, rest) = term.split_once('(').ok_or_else(bad)?;
            let inner = rest.strip_suffix(')').ok_or_else(bad)?;
            let (field, value) = inner.split_once(',').ok_or_else(bad)?;
            let like = match op {
                "eq" => false,
                "like" => true,
                _ => return Err(bad()),
            };
            if !matches!(field, "email" | "name" | "id") {
                return Err(bad());
            }
            Ok(Term { like, field: field.to_string(), value: value.to_string() })
        })
        .collect()
}

/// Whether `user` satisfies `term` (`like` is case-insensitive with `*` wildcards at either end).
fn matches(user: &User, term: &Term) -> bool {
    let actual = match term.field.as_str() {
        "email" => &user.email,
        "name" => &user.name,
        _ => &user.id,
    };
    if !term.like {
        return *actual == term.value;
    }
    let actual = actual.to_lowercase();
    let pattern = term.value.to_lowercase();
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(rest), _) if rest.ends_with('*') => actual.contains(rest.trim_end_matches('*')),
        (Some(suffix), _) => actual.ends_with(suffix),
        (None, Some(prefix)) => actual.starts_with(prefix),
        (None, None) => actual == pattern,
    }
}

/// Lists users, optionally filtered.
pub async fn list(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids(realm): Ids<String>,
    RawQuery(query): RawQuery,
) -> Result<Json<Value>, ApiError> {
    caller.require_admin()?;
    let pairs = ep_reset_link::parse_pairs(&query.unwrap_or_default());
    let page = Page::from_pairs(&pairs)?;
    let terms = match pairs.iter().find(|(k, _)| k == "filter") {
        Some((_, filter)) => parse_filter(filter)?,
        None => Vec::new(),
    };
    let store = lock(&state.store);
    check_realm(&store, &realm)?;
    let found: Vec<&User> = store.users.iter().filter(|u| terms.iter().all(|t| matches(u, t))).collect();
    let items = page.slice(&found).into_iter().map(repr::user).collect();
    Ok(Json(repr::list(items, page, found.len(), &repr::user_link(&origin, &realm, None))))
}

/// Gets one user.
pub async fn get_one(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids((realm, id)): Ids<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    caller.require_admin()?;
    let store = lock(&state.store);
    check_realm(&store, &realm)?;
    let user =
        store.user(&id).ok_or_else(|| ApiError::NotFound("user authentication info not found".into()))?;
    Ok(Json(repr::single(repr::user(user), &repr::user_link(&origin, &realm, Some(&id)))))
}

#[derive(Deserialize)]
struct UserBody {
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    email: Option<String>,
}

/// Creates a user (an account member with no account).
pub async fn create(
    State(state): State<Arc<AppState>>,
    caller: Caller,
    Origin(origin): Origin,
    Ids(realm): Ids<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    caller.require_admin()?;
    let body: UserBody = parse_data(&body)?;
    check_type(body.kind.as_deref(), "user_authentication_info")?;
    let name = required(body.name, "name")?;
    let email = required(body.email, "email")?;
    let now = state.clock.now();
    let mut store = lock(&state.store);
    check_realm(&store, &realm)?;
    let user = User { id: new_id(), name, email, account_ids: Vec::new(), created_at: now, updated_at: now };
    let response = repr::single(repr::user(&user), &repr::user_link(&origin, &realm, Some(&user.id)));
    store.users.push(user);
    Ok((StatusCode::CREATED, Json(response)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada() -> User {
        User {
            id: "1".into(),
            name: "Ada Lovelace".into(),
            email: "ada@example.com".into(),
            account_ids: vec![],
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn filters() {
        let check = |f: &str| parse_filter(f).map(|terms| terms.iter().all(|t| matches(&ada(), t))).ok();
        assert_eq!(check("eq(email,ada@example.com)"), Some(true));
        assert_eq!(check("eq(email,ADA@example.com)"), Some(false));
        assert_eq!(check("like(name,*love*)"), Some(true));
        assert_eq!(check("like(name,ada*)"), Some(true));
        assert_eq!(check("like(email,*.com)"), Some(true));
        assert_eq!(check("eq(email,ada@example.com):eq(name,Grace)"), Some(false));
        assert_eq!(check("gt(email,a)"), None);
        assert_eq!(check("eq(password,x)"), None);
        assert_eq!(check("eq(email"), None);
    }
}
