//! Request parsing that always fails with an EP error body: path ids, origin, JSON `data`, paging.

use axum::extract::{FromRequestParts, Path};
use axum::http::header::HOST;
use axum::http::request::Parts;
use bytes::Bytes;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::store::Store;

/// Path parameters; an undecodable path answers 404.
#[derive(Debug)]
pub struct Ids<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Ids<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(ids)| Self(ids))
            .map_err(|_| ApiError::NotFound("The requested route could not be found".into()))
    }
}

/// `http://<Host header>`, for `links`.
#[derive(Debug)]
pub struct Origin(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Origin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
        Ok(Self(format!("http://{host}")))
    }
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: Option<T>,
}

/// Parses `{"data": …}`; bad JSON or a missing `data` answers 400.
pub fn parse_data<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let envelope: Envelope<T> = serde_json::from_slice(body).map_err(|e| ApiError::Validation {
        detail: format!("the request body is not valid: {e}"),
        field: None,
    })?;
    envelope.data.ok_or_else(|| ApiError::invalid("data is required", "data"))
}

/// A required, non-empty string field of `data`.
pub fn required(value: Option<String>, field: &str) -> Result<String, ApiError> {
    value
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid_field(format!("{field} is required"), field))
}

/// Checks `data.type`.
pub fn check_type(value: Option<&str>, expected: &str) -> Result<(), ApiError> {
    match value {
        None | Some("") => Err(ApiError::invalid_field("type is required", "type")),
        Some(t) if t == expected => Ok(()),
        Some(_) => Err(ApiError::invalid_field(format!("type must be {expected}"), "type")),
    }
}

/// 404 unless `realm` is the store's Account Management realm.
pub fn check_realm(store: &Store, realm: &str) -> Result<(), ApiError> {
    if store.realm_id == realm {
        Ok(())
    } else {
        Err(ApiError::NotFound("authentication realm not found".into()))
    }
}

/// Pagination from `page[limit]` and `page[offset]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Items per page (1–100, default 25).
    pub limit: usize,
    /// Items skipped (0–10000).
    pub offset: usize,
}

impl Page {
    /// Reads the paging parameters from decoded query pairs.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, ApiError> {
        let number = |name: &str, default: usize, range: std::ops::RangeInclusive<usize>| match pairs
            .iter()
            .find(|(k, _)| k == name)
        {
            None => Ok(default),
            Some((_, v)) => v.parse::<usize>().ok().filter(|n| range.contains(n)).ok_or_else(|| {
                ApiError::invalid(
                    format!("{name} must be between {} and {}", range.start(), range.end()),
                    name,
                )
            }),
        };
        Ok(Self {
            limit: number("page[limit]", 25, 1..=100)?,
            offset: number("page[offset]", 0, 0..=10_000)?,
        })
    }

    /// The items on this page.
    pub fn slice<T: Clone>(&self, items: &[T]) -> Vec<T> {
        items.iter().skip(self.offset).take(self.limit).cloned().collect()
    }
}
