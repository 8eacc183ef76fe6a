//! The operations listener (`--ops-listen`, loopback by default): `GET /healthz` (the process answers),
//! `GET /readyz` (the queue and the SMTP server answer) and `GET /metrics` (Prometheus' text format).
//! Nothing here is on the public listener: the queue's figures move with shoppers' requests.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::clock::Clock;
use super::health::{self, SmtpHealth, SmtpState};
use super::metrics::Metrics;
use super::queue::Store;
use super::server::not_found;
use super::smtp::Smtp;
use super::worker::log;

/// Liveness.
pub const HEALTH_PATH: &str = "/healthz";
/// Readiness.
pub const READY_PATH: &str = "/readyz";
/// The figures.
pub const METRICS_PATH: &str = "/metrics";

/// What the operations handlers read.
pub struct Ops {
    /// Its own connection to the queue.
    pub queue: Store,
    /// The worker's view of the SMTP server.
    pub health: Arc<SmtpHealth>,
    /// The SMTP client, to probe a server not known to be up.
    pub smtp: Arc<Smtp>,
    /// The figures.
    pub metrics: Arc<Metrics>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// This process's name in leases and `/readyz`.
    pub instance: String,
}

/// The routes.
pub fn router(ops: Arc<Ops>) -> Router {
    Router::new()
        .route(HEALTH_PATH, get(healthz))
        .route(READY_PATH, get(readyz))
        .route(METRICS_PATH, get(metrics))
        .fallback(not_found)
        .with_state(ops)
}

async fn healthz() -> Response {
    (StatusCode::OK, axum::Json(json!({ "status": "ok" }))).into_response()
}

async fn readyz(State(ops): State<Arc<Ops>>) -> Response {
    let now = ops.clock.now();
    let depth = match ops.queue.depth(now).await {
        Ok(depth) => Some(depth),
        Err(reason) => {
            log(&format!("readiness: cannot read the queue ({reason})"));
            None
        }
    };
    if !matches!(ops.health.snapshot(), SmtpState::Up { .. }) {
        // Not known to be up: ask the server now rather than wait for the next mail.
        match ops.smtp.probe().await {
            Ok(()) => ops.health.record_up(ops.clock.now()),
            Err(reason) => {
                ops.health.record_down(ops.clock.now(), &reason);
            }
        }
    }
    let target = ops.smtp.target().to_string();
    let (ready, body) =
        health::readiness(depth.as_ref(), &ops.health.snapshot(), &target, &ops.instance, now);
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, axum::Json(body)).into_response()
}

async fn metrics(State(ops): State<Arc<Ops>>) -> Response {
    let now = ops.clock.now();
    let depth = ops.queue.depth(now).await.ok();
    let text = ops.metrics.render(depth.as_ref(), now);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response()
}
