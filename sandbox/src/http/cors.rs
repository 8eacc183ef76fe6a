//! CORS headers: any origin, bearer headers only, never credentials.

use axum::http::{HeaderMap, HeaderValue, header};

/// Request headers a browser may send to the API.
/// (`Add-Padding` is the range API's, as the real Pwned Passwords service allows it.)
pub const ALLOWED_HEADERS: &str =
    "Authorization, Content-Type, EP-Account-Management-Authentication-Token, Add-Padding";

/// Methods the API answers.
pub const ALLOWED_METHODS: &str = "GET, POST, PUT, DELETE, OPTIONS";

/// Adds the headers every cross-origin response needs.
pub fn add_response_headers(headers: &mut HeaderMap, expose_retry_after: bool) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    if expose_retry_after {
        headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("Retry-After"));
    }
}

/// Adds the headers of a preflight answer.
pub fn add_preflight_headers(headers: &mut HeaderMap, expose_retry_after: bool) {
    add_response_headers(headers, expose_retry_after);
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOWED_METHODS));
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
    headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
}
