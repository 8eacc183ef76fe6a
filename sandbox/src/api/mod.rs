//! The Elastic Path API surface the reset flow uses (see `docs/elastic-path-api.md`, section 4).

mod auth;
mod credentials;
mod extract;
mod integrations;
mod member_tokens;
mod oauth;
mod otp_request;
mod profiles;
pub mod range;
mod repr;
mod settings;
mod users;

use std::sync::Arc;

use axum::Router;
use axum::http::Method;
use axum::middleware;
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::http::api_layer::api_layer;
use crate::state::AppState;

/// `POST` token endpoint.
pub const ACCESS_TOKEN: &str = "/oauth/access_token";
/// Account authentication settings.
pub const SETTINGS: &str = "/v2/settings/account-authentication";
/// Account member authentication (OTP or password exchange).
pub const MEMBER_TOKENS: &str = "/v2/account-members/tokens";
/// Password profiles of a realm.
pub const PROFILES: &str = "/v2/authentication-realms/{realm}/password-profiles";
/// One password profile.
pub const PROFILE: &str = "/v2/authentication-realms/{realm}/password-profiles/{profile}";
/// One-time password token request.
pub const OTP_REQUEST: &str =
    "/v2/authentication-realms/{realm}/password-profiles/{profile}/one-time-password-token-request";
/// User authentication info collection.
pub const USERS: &str = "/v2/authentication-realms/{realm}/user-authentication-info";
/// One user authentication info.
pub const USER: &str = "/v2/authentication-realms/{realm}/user-authentication-info/{user}";
/// A user's password profile infos.
pub const CREDENTIALS: &str = "/v2/authentication-realms/{realm}/user-authentication-info/{user}/user-authentication-password-profile-info";
/// One password profile info.
pub const CREDENTIAL: &str = "/v2/authentication-realms/{realm}/user-authentication-info/{user}/user-authentication-password-profile-info/{credential}";
/// Integrations.
pub const INTEGRATIONS: &str = "/v2/integrations";
/// One integration.
pub const INTEGRATION: &str = "/v2/integrations/{integration}";

/// The Pwned Passwords compatible range API (see [`range`]).
pub const RANGE: &str = "/range/{prefix}";
/// Its route name.
pub const RANGE_ROUTE: &str = "range";

/// Every route name the request log and faults use.
pub const ROUTE_NAMES: &[&str] = &[
    "access_token",
    "settings",
    "account_member_tokens",
    "password_profiles",
    "otp_request",
    "uai",
    "uappi_list",
    "uappi_create",
    "uappi_get",
    "uappi_update",
    "integrations",
    "integration",
    RANGE_ROUTE,
    "not_found",
];

/// The route name of a request, from its method and the route pattern it matched.
pub fn route_name(method: &Method, matched: Option<&str>) -> &'static str {
    match matched {
        Some(ACCESS_TOKEN) => "access_token",
        Some(SETTINGS) => "settings",
        Some(MEMBER_TOKENS) => "account_member_tokens",
        Some(PROFILES | PROFILE) => "password_profiles",
        Some(OTP_REQUEST) => "otp_request",
        Some(USERS | USER) => "uai",
        Some(CREDENTIALS) if method == Method::GET => "uappi_list",
        Some(CREDENTIALS) => "uappi_create",
        Some(CREDENTIAL) if method == Method::PUT => "uappi_update",
        Some(CREDENTIAL) => "uappi_get",
        Some(INTEGRATIONS) => "integrations",
        Some(INTEGRATION) => "integration",
        Some(RANGE) => RANGE_ROUTE,
        _ => "not_found",
    }
}

/// Whether `path` belongs to the API (and never to the app).
pub fn is_api_path(path: &str) -> bool {
    ["/oauth", "/v2", "/range"]
        .iter()
        .any(|prefix| path == *prefix || path.starts_with(&format!("{prefix}/")))
}

/// The API router, wrapped in the API middleware; unknown routes answer the EP 404 body.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(ACCESS_TOKEN, post(oauth::access_token))
        .route(SETTINGS, get(settings::get_settings).put(settings::put_settings))
        .route(MEMBER_TOKENS, post(member_tokens::create))
        .route(PROFILES, get(profiles::list).post(profiles::create))
        .route(PROFILE, get(profiles::get_one).put(profiles::update))
        .route(OTP_REQUEST, post(otp_request::create))
        .route(USERS, get(users::list).post(users::create))
        .route(USER, get(users::get_one))
        .route(CREDENTIALS, get(credentials::list).post(credentials::create))
        .route(CREDENTIAL, get(credentials::get_one).put(credentials::update))
        .route(INTEGRATIONS, get(integrations::list).post(integrations::create))
        .route(RANGE, get(range::range))
        .route(INTEGRATION, get(integrations::get_one).put(integrations::update).delete(integrations::delete))
        .fallback(|| async { ApiError::NotFound("The requested route could not be found".into()) })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(Arc::clone(&state), api_layer))
        .with_state(state)
}
