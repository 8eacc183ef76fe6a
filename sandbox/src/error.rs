//! The two error types of the sandbox: start-up errors and the API's EP-shaped error answers.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A listening socket could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The seed file could not be read.
    #[error("cannot read seed file {path}: {source}")]
    SeedRead {
        /// The seed file's path.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The seed file is not valid JSON/TOML or does not describe a consistent store.
    #[error("invalid seed: {0}")]
    Seed(String),
    /// A command-line value is invalid.
    #[error("invalid option: {0}")]
    Config(String),
}

/// The detail EP's storefront example matches for a wrong, expired or used one-time password.
pub const INVALID_OTP_DETAIL: &str = "the authorization realm for the token could not be found";

/// An error answer of the EP API, rendered as `{"errors":[{"status","title","detail"}]}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// 401: missing, unknown or expired bearer token.
    #[error("Unable to validate access token")]
    Unauthenticated,
    /// 401: the account-management token is malformed, badly signed or expired.
    #[error("the account management authentication token is invalid or has expired")]
    InvalidAmToken,
    /// 401: unknown client id or wrong client secret on `/oauth/access_token`.
    #[error("invalid client credentials")]
    InvalidClient,
    /// 401: wrong, expired or used one-time password (or unknown username) on the exchange.
    #[error("{INVALID_OTP_DETAIL}")]
    InvalidOtp,
    /// 401: wrong username or password for the `password` mechanism.
    #[error("invalid username or password")]
    InvalidPassword,
    /// 403: a valid token without the permission for this call.
    #[error("{0}")]
    Forbidden(&'static str),
    /// 404: an unknown resource or route.
    #[error("{0}")]
    NotFound(String),
    /// 405: a known path with a method it does not support.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// 400: the request body or query is invalid; `source` names the field when known.
    #[error("{detail}")]
    Validation {
        /// What is wrong.
        detail: String,
        /// The offending field, if any (rendered as `source`).
        field: Option<String>,
    },
    /// 409: the write conflicts with existing data.
    #[error("{0}")]
    Conflict(String),
    /// 422: the request is well-formed but cannot be processed; `source` names the field when known.
    #[error("{detail}")]
    Unprocessable {
        /// What is wrong.
        detail: String,
        /// The offending field, if any (rendered as `source`).
        field: Option<String>,
    },
    /// 415: a control API request without `Content-Type: application/json`.
    #[error("{0}")]
    UnsupportedMediaType(&'static str),
    /// 429: the store's rate limit is exhausted.
    #[error("rate limit exceeded")]
    RateLimited,
    /// Any other error status (e.g. a body too large), with the status's reason as detail.
    #[error("{}", .0.canonical_reason().unwrap_or("error"))]
    Other(StatusCode),
    /// Any status injected by a fault (`/__sandbox/faults`).
    #[error("injected by the sandbox's fault configuration")]
    Injected(StatusCode),
}

impl ApiError {
    /// A 400 with a detail and the offending parameter (a query or form field, named as sent).
    pub fn invalid(detail: impl Into<String>, source: &str) -> Self {
        Self::Validation { detail: detail.into(), field: Some(source.to_string()) }
    }

    /// A 400 for a field of the body's `data` object; `source` is `data.<field>`.
    pub fn invalid_field(detail: impl Into<String>, field: &str) -> Self {
        Self::Validation { detail: detail.into(), field: Some(format!("data.{field}")) }
    }

    /// A 422 for a field of the body's `data` object; `source` is `data.<field>`.
    pub fn unprocessable_field(detail: impl Into<String>, field: &str) -> Self {
        Self::Unprocessable { detail: detail.into(), field: Some(format!("data.{field}")) }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated
            | Self::InvalidAmToken
            | Self::InvalidClient
            | Self::InvalidOtp
            | Self::InvalidPassword => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Validation { .. } => StatusCode::BAD_REQUEST,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::Injected(status) | Self::Other(status) => *status,
        }
    }

    /// The error's `title`.
    fn title(&self) -> &'static str {
        match self {
            Self::Unauthenticated => "Unable to validate access token",
            Self::Forbidden(_) => "Forbidden",
            Self::Validation { .. } => "Bad Request",
            other => other.status().canonical_reason().unwrap_or("Error"),
        }
    }

    /// The `{"errors":[…]}` body.
    pub fn body(&self) -> serde_json::Value {
        let status = self.status();
        let mut item = json!({
            "status": status.as_u16(),
            "title": self.title(),
            "detail": self.to_string(),
        });
        if let Self::Validation { field: Some(field), .. } | Self::Unprocessable { field: Some(field), .. } =
            self
        {
            item["source"] = json!(field);
        }
        if status.is_server_error() {
            item["request_id"] = json!(uuid::Uuid::new_v4().to_string());
        }
        json!({ "errors": [item] })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), self.body().to_string()).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        response
    }
}
