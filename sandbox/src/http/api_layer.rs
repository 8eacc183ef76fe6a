//! Middleware around every API route: the switches' reading, preflights, rate limit, injected faults,
//! CORS headers, request log.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{Dropped, cors, dropped, header_record};
use crate::api::{RANGE_ROUTE, route_name};
use crate::control::faults::{Fault, take_fault};
use crate::error::ApiError;
use crate::state::{AppState, RequestRecord};
use crate::switches::Switches;

/// `Retry-After` sent with a fault-injected 429.
const INJECTED_RETRY_AFTER_SECS: u64 = 2;

/// Wraps one API request.
pub async fn api_layer(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let headers = header_record::record(req.headers());
    let route = if method == Method::OPTIONS {
        "preflight"
    } else {
        route_name(&method, req.extensions().get::<MatchedPath>().map(MatchedPath::as_str))
    };
    // Read once per request and handed to the handler (`Extension<Switches>`), so a PATCH arriving
    // meanwhile cannot mix two sets of switches in one answer.
    let switches = state.switches();
    req.extensions_mut().insert(switches);
    let mut response = if method == Method::OPTIONS {
        let mut response = StatusCode::NO_CONTENT.into_response();
        cors::add_preflight_headers(response.headers_mut(), switches.expose_retry_after);
        response
    } else {
        let mut response = handle(&state, &switches, route, req, next).await;
        let status = response.status();
        if !(switches.strip_error_cors && (status.is_client_error() || status.is_server_error())) {
            cors::add_response_headers(response.headers_mut(), switches.expose_retry_after);
        }
        response
    };
    let status =
        if response.extensions().get::<Dropped>().is_some() { 0 } else { response.status().as_u16() };
    state.record(RequestRecord { method: method.to_string(), path, route, status, headers });
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Rate limit, then an injected fault if one is set for `route`, then the handler.
async fn handle(
    state: &AppState,
    switches: &Switches,
    route: &'static str,
    req: Request,
    next: Next,
) -> Response {
    // The range API stands in for another service than the store's, with no limit of its own.
    if route != RANGE_ROUTE
        && let Err(wait) = state.limiter.try_acquire()
    {
        return too_many_requests(switches, ApiError::RateLimited, wait);
    }
    let Some(fault) = take_fault(state, route) else {
        return ensure_error_body(next.run(req).await);
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    if let Some(response) = fault_response(switches, &fault) {
        return response;
    }
    let response = ensure_error_body(next.run(req).await);
    if fault.malformed { malformed(response) } else { response }
}

/// Replaces a non-JSON error answer (e.g. axum's plain-text "body too large") with the EP error body.
fn ensure_error_body(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let status = response.status();
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        return ApiError::Other(status).into_response();
    }
    response
}

/// The answer a fault imposes instead of handling the request (a dropped connection, a redirect or an
/// error status), or `None` when the request is handled
/// (a delay, or a `malformed` fault, which breaks the handler's answer).
fn fault_response(switches: &Switches, fault: &Fault) -> Option<Response> {
    if fault.drop {
        return Some(dropped());
    }
    if let Some(location) = fault.redirect.as_deref().and_then(|url| HeaderValue::from_str(url).ok()) {
        let mut response = StatusCode::TEMPORARY_REDIRECT.into_response();
        response.headers_mut().insert(header::LOCATION, location);
        return Some(response);
    }
    if let Some(status) = fault.status_code() {
        let error = ApiError::Injected(status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Some(too_many_requests(switches, error, INJECTED_RETRY_AFTER_SECS));
        }
        return Some(error.into_response());
    }
    None
}

/// A handled request's success answer with its body replaced by one that is not JSON (a `204` becomes
/// a `200`, which can carry it); an error answer is left as it is. The request took effect: the client
/// just cannot read what the store said.
fn malformed(response: Response) -> Response {
    let status = response.status();
    if !status.is_success() {
        return response;
    }
    let status = if status == StatusCode::NO_CONTENT { StatusCode::OK } else { status };
    let mut broken = (status, "{\"data\": [").into_response();
    broken.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    broken
}

/// A 429 with `Retry-After` unless switched off.
fn too_many_requests(switches: &Switches, error: ApiError, wait_secs: u64) -> Response {
    let mut response = error.into_response();
    if switches.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait_secs.max(1)));
    }
    response
}
