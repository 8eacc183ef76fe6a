//! The control API under `/__sandbox`: outbox, faults, clock, switches, reset, request log. Only for
//! requests a web page cannot send ([`guard`]).

pub mod faults;
pub mod guard;
mod outbox_html;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::json;

use crate::clock::iso8601;
use crate::error::ApiError;
use crate::state::{AppState, lock};
use crate::switches::Switches;
use faults::Fault;

/// The control router (full paths, `/__sandbox/…`).
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/__sandbox/outbox", get(outbox).delete(clear_outbox))
        .route("/__sandbox/outbox.html", get(outbox_page))
        .route("/__sandbox/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/__sandbox/clock", get(clock).post(advance_clock))
        .route("/__sandbox/switches", get(switches).patch(patch_switches))
        .route("/__sandbox/reset", post(reset))
        .route("/__sandbox/requests", get(requests).delete(clear_requests))
        .fallback(|| async { ApiError::NotFound("unknown control route".into()) })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard::guard))
        .layer(middleware::from_fn(private))
        .with_state(state)
}

/// Control answers (refusals included) are never cached or framed, and carry no CORS headers: only
/// the outbox page itself and non-browser clients (tests) may read them, so no web page open in the
/// same browser can read the one-time codes of a running sandbox.
async fn private(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("frame-ancestors 'none'"));
    response
}

/// Parses a JSON control body, answering 400 on error.
fn parse<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::Validation { detail: format!("invalid JSON body: {e}"), field: None })
}

async fn outbox(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    Json(lock(&state.outbox).clone())
}

async fn clear_outbox(State(state): State<Arc<AppState>>) -> StatusCode {
    lock(&state.outbox).clear();
    StatusCode::NO_CONTENT
}

async fn outbox_page(State(state): State<Arc<AppState>>) -> Html<String> {
    Html(outbox_html::render(lock(&state.outbox).iter()))
}

async fn list_faults(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    Json(lock(&state.faults).clone())
}

async fn add_fault(State(state): State<Arc<AppState>>, body: Bytes) -> Result<Response, ApiError> {
    let fault: Fault = parse(&body)?;
    fault.validate().map_err(|detail| ApiError::Validation { detail, field: None })?;
    lock(&state.faults).push(fault.clone());
    Ok((StatusCode::CREATED, Json(fault)).into_response())
}

async fn clear_faults(State(state): State<Arc<AppState>>) -> StatusCode {
    lock(&state.faults).clear();
    StatusCode::NO_CONTENT
}

/// The most one `POST /__sandbox/clock` moves the clock: ten years.
const MAX_ADVANCE_SECS: i64 = 10 * 365 * 86_400;

/// The furthest the clock may run ahead of real time, so that no date the sandbox computes from it
/// (token and code expiries) can overflow: a hundred years.
pub const MAX_OFFSET_SECS: i64 = 100 * 365 * 86_400;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    advance_secs: i64,
}

fn clock_json(state: &AppState) -> serde_json::Value {
    let now = state.clock.now();
    json!({ "now": now, "now_iso": iso8601(now), "offset_secs": state.clock.offset() })
}

async fn clock(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    Json(clock_json(&state))
}

async fn advance_clock(
    State(state): State<Arc<AppState>>,
    body: Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let Advance { advance_secs } = parse(&body)?;
    if !(0..=MAX_ADVANCE_SECS).contains(&advance_secs) {
        return Err(ApiError::invalid("advance_secs must be between 0 and ten years", "advance_secs"));
    }
    if !state.clock.advance_within(advance_secs, MAX_OFFSET_SECS) {
        return Err(ApiError::invalid(
            "the sandbox clock may run at most a hundred years ahead; POST /__sandbox/reset first",
            "advance_secs",
        ));
    }
    Ok(Json(clock_json(&state)))
}

async fn switches(State(state): State<Arc<AppState>>) -> Json<Switches> {
    Json(state.switches())
}

async fn patch_switches(State(state): State<Arc<AppState>>, body: Bytes) -> Result<Json<Switches>, ApiError> {
    state.patch_switches(&body).map(Json).map_err(|detail| ApiError::Validation { detail, field: None })
}

async fn reset(State(state): State<Arc<AppState>>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

async fn requests(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    Json(lock(&state.requests).clone())
}

async fn clear_requests(State(state): State<Arc<AppState>>) -> StatusCode {
    lock(&state.requests).clear();
    StatusCode::NO_CONTENT
}
