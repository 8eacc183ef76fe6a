//! The operations listener (`--ops-listen`, loopback by default): `GET /healthz` (the process answers),
//! `GET /readyz` (the queue and the SMTP server answer) and `GET /metrics` (Prometheus' text format).
//! Nothing here is on the public listener: the queue's figures move with shoppers' requests.

use std::sync::Arc;
use std::time::Duration;

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

/// The longest `/readyz` waits for the SMTP server, at most: a hanging server then makes it answer 503
/// (not ready) well before the request timeout would answer 408.
const READY_PROBE_DEADLINE: Duration = Duration::from_secs(5);

/// How long `/readyz` waits for the SMTP server under `request_timeout`: [`READY_PROBE_DEADLINE`], or a
/// third of a shorter request timeout (the queue is read first).
pub fn probe_deadline(request_timeout: Duration) -> Duration {
    READY_PROBE_DEADLINE.min(request_timeout / 3)
}

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
    /// [`probe_deadline`] of the request timeout.
    pub probe_deadline: Duration,
    /// Held by the one `/readyz` probing the SMTP server; the others answer from the last known state.
    pub probing: tokio::sync::Mutex<()>,
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
    if !matches!(ops.health.snapshot(), SmtpState::Up { .. })
        && let Ok(_probing) = ops.probing.try_lock()
    {
        // Not known to be up: ask the server now rather than wait for the next mail.
        match ops.smtp.probe(ops.probe_deadline).await {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readiness_probe_ends_well_before_the_request_timeout() {
        assert_eq!(probe_deadline(Duration::from_secs(30)), Duration::from_secs(5));
        assert_eq!(probe_deadline(Duration::from_millis(1_500)), Duration::from_millis(500));
    }
}
