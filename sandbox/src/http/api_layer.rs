//! Middleware around every API route: the switches' reading, preflights, rate limit, injected faults,
//! CORS headers, request log.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::{Dropped, cors};
use crate::api::route_name;
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
        let mut response = handle(&state, &switches, route, &method, req, next).await;
        let status = response.status();
        if !(switches.strip_error_cors && (status.is_client_error() || status.is_server_error())) {
            cors::add_response_headers(response.headers_mut(), switches.expose_retry_after);
        }
        response
    };
    let status =
        if response.extensions().get::<Dropped>().is_some() { 0 } else { response.status().as_u16() };
    state.record(RequestRecord { method: method.to_string(), path, route, status });
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Rate limit, then an injected fault if one is set for `route`, then the handler.
async fn handle(
    state: &AppState,
    switches: &Switches,
    route: &'static str,
    method: &Method,
    req: Request,
    next: Next,
) -> Response {
    if let Err(wait) = state.limiter.try_acquire() {
        return too_many_requests(switches, ApiError::RateLimited, wait);
    }
    let Some(fault) = take_fault(state, route) else {
        return ensure_error_body(next.run(req).await);
    };
    if fault.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
    }
    match fault_response(switches, route, method, &fault) {
        Some(response) => response,
        None => ensure_error_body(next.run(req).await),
    }
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

/// The answer a fault imposes, or `None` when it only delays.
fn fault_response(switches: &Switches, route: &str, method: &Method, fault: &Fault) -> Option<Response> {
    if fault.drop {
        return Some(dropped());
    }
    if let Some(status) = fault.status_code() {
        let error = ApiError::Injected(status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Some(too_many_requests(switches, error, INJECTED_RETRY_AFTER_SECS));
        }
        return Some(error.into_response());
    }
    if fault.malformed {
        let mut response = (success_status(route, method), "{\"data\": [").into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        return Some(response);
    }
    None
}

/// A 429 with `Retry-After` unless switched off.
fn too_many_requests(switches: &Switches, error: ApiError, wait_secs: u64) -> Response {
    let mut response = error.into_response();
    if switches.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait_secs.max(1)));
    }
    response
}

/// A response whose body fails at once, so the server closes the connection without a valid answer.
fn dropped() -> Response {
    let body = Body::from_stream(futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped by a fault"))
    }));
    let mut response = Response::new(body);
    response.extensions_mut().insert(Dropped);
    response
}

/// The status a route answers on success (used by `malformed` faults; a `DELETE` gets 200, as a 204
/// could not carry the broken body).
fn success_status(route: &str, method: &Method) -> StatusCode {
    match route {
        "otp_request" => StatusCode::ACCEPTED,
        "account_member_tokens" | "uappi_create" => StatusCode::CREATED,
        "integrations" if method == Method::POST => StatusCode::CREATED,
        _ => StatusCode::OK,
    }
}
