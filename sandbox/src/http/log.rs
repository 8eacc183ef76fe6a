//! One human-readable stderr line per request: method, path (no query), status, duration.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::Dropped;
use crate::state::AppState;

/// Logs the request after it is answered. Never logs a body, a query string or a header.
pub async fn log_requests(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    if !state.config.log_requests {
        return next.run(req).await;
    }
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    let status = if response.extensions().get::<Dropped>().is_some() {
        "dropped".to_string()
    } else {
        response.status().as_u16().to_string()
    };
    eprintln!("ep-sandbox {method} {path} {status} {}ms", started.elapsed().as_millis());
    response
}
