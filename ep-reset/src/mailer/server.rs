//! The public side: `POST /one-time-password-token-notification` (Elastic Path's webhook), and nothing
//! else (every other request is an empty 404). An envelope is answered 2xx only once its row is
//! committed. No answer depends on anything but the request itself and the queue's bound.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use ep_reset_core::locale::Locale;
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::clock::Clock;
use super::envelope::{self, Envelope};
use super::freshness::{self, Freshness};
use super::metrics::{Metrics, Refusal};
use super::queue::{Enqueued, Store};
use super::redact;
use super::throttle::Throttle;
use super::webhook_secret::{self, WebhookSecret};
use super::worker::log;

/// The webhook's path (the one Elastic Path's guide suggests).
pub const NOTIFICATION_PATH: &str = "/one-time-password-token-notification";
/// The largest body accepted (Elastic Path's envelope is about 1 KiB).
pub const BODY_LIMIT: usize = 64 * 1024;
/// A refused body up to this size is still read (and dropped) before the answer.
const DRAIN_LIMIT: usize = 1024 * 1024;

/// What the handlers share.
pub struct Server {
    /// The server's own connection to the queue.
    pub queue: Store,
    /// `EP_RESET_WEBHOOK_SECRET`.
    pub secret: WebhookSecret,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Wakes the worker when mail is queued.
    pub wake: Arc<Notify>,
    /// `--max-queued`.
    pub max_queued: u64,
    /// The figures `/metrics` shows.
    pub metrics: Arc<Metrics>,
    /// Refusals' log lines, at most one a second.
    pub refusals: Arc<Throttle>,
}

impl Server {
    /// Counts a refusal and logs it, unless another was logged less than a second ago.
    fn refused(&self, why: Refusal, line: &str) {
        self.metrics.refused(why);
        if let Some(line) = self.refusals.line(self.clock.now(), line) {
            log(&line);
        }
    }
}

/// The routes: the webhook, and an empty 404 for any other path or method (not a 405, whose `Allow`
/// header would describe the server).
pub fn router(server: Arc<Server>) -> Router {
    Router::new().route(NOTIFICATION_PATH, any(notification)).fallback(not_found).with_state(server)
}

fn answer(status: StatusCode, body: Value) -> Response {
    (status, axum::Json(body)).into_response()
}

fn refuse(status: StatusCode, reason: &str) -> Response {
    answer(status, json!({ "error": reason }))
}

/// An empty 404: nothing about the server, the same for every path.
pub async fn not_found() -> Response {
    StatusCode::NOT_FOUND.into_response()
}

/// Whether the request says its body is JSON (`application/json` or `…+json`, any parameters).
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The body, unless it is larger than [`BODY_LIMIT`] (`Err` is the answer to send).
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, Response> {
    let too_large = || refuse(StatusCode::PAYLOAD_TOO_LARGE, "the body is larger than 64 KiB");
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if let Some(length) = declared.filter(|length| *length > BODY_LIMIT as u64) {
        // Read to the end first, so a client that sends its whole body before reading the answer gets the
        // 413 rather than a reset connection.
        if length <= DRAIN_LIMIT as u64 {
            let _ = axum::body::to_bytes(body, DRAIN_LIMIT).await;
        }
        return Err(too_large());
    }
    axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| too_large())
}

async fn notification(
    State(server): State<Arc<Server>>,
    method: Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if method != Method::POST {
        return not_found().await;
    }
    let presented = headers.get(webhook_secret::HEADER).map(|value| value.as_bytes());
    if !server.secret.matches(presented) {
        let why = if presented.is_some() { "a wrong" } else { "no" };
        server.refused(
            Refusal::Unauthorized,
            &format!("refused an envelope with {why} X-MOLTIN-SECRET-KEY (401)"),
        );
        return refuse(StatusCode::UNAUTHORIZED, "missing or wrong X-MOLTIN-SECRET-KEY");
    }
    if !is_json(&headers) {
        server.refused(Refusal::NotJson, "refused an envelope that is not declared as JSON (415)");
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "the body must be application/json");
    }
    let bytes = match read_body(&headers, body).await {
        Ok(bytes) => bytes,
        Err(response) => {
            server.refused(Refusal::TooLarge, "refused an envelope larger than 64 KiB (413)");
            return response;
        }
    };
    let Ok(json) = serde_json::from_slice::<Value>(&bytes) else {
        server.refused(Refusal::Malformed, "refused a body that is not JSON (400)");
        return refuse(StatusCode::BAD_REQUEST, "the body is not JSON");
    };
    let mut notification = match envelope::parse(&json) {
        Ok(Envelope::Notification(notification)) => notification,
        Ok(Envelope::Ignored { envelope_id, reason }) => {
            let id = envelope_id.as_deref().map_or_else(|| "without an id".to_string(), redact::identifier);
            log(&format!("envelope {id}: ignored, {reason}"));
            server.metrics.accepted("ignored");
            return answer(
                StatusCode::ACCEPTED,
                json!({ "result": "ignored", "detail": reason.to_string() }),
            );
        }
        Err(error) => {
            let id = json
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| "without an id".to_string(), redact::identifier);
            server.refused(Refusal::Invalid, &format!("envelope {id}: refused (422): {error}"));
            return refuse(StatusCode::UNPROCESSABLE_ENTITY, &error.to_string());
        }
    };
    notification.locale = request_locale(query.as_deref());
    let received_at = server.clock.now();
    let lifetime_start = freshness::lifetime_start(notification.created_at.as_deref(), received_at);
    let expired = matches!(freshness::freshness(lifetime_start, received_at), Freshness::Expired { .. });
    let id = redact::identifier(&notification.envelope_id);
    let to = redact::email(&notification.email);
    let attempt = notification.attempt.map_or_else(String::new, |n| format!(" (delivery attempt {n})"));
    let stored =
        server.queue.enqueue(*notification, received_at, lifetime_start, expired, server.max_queued).await;
    match stored {
        Ok(Enqueued::Queued) => {
            server.wake.notify_one();
            server.metrics.accepted("queued");
            log(&format!("envelope {id} to {to}{attempt}: queued"));
            answer(StatusCode::ACCEPTED, json!({ "result": "queued" }))
        }
        Ok(Enqueued::Duplicate) => {
            server.metrics.accepted("duplicate");
            log(&format!("envelope {id}{attempt}: already received, not sent again"));
            answer(StatusCode::OK, json!({ "result": "duplicate" }))
        }
        Ok(Enqueued::ExpiredOnArrival) => {
            server.metrics.accepted("expired");
            log(&format!(
                "envelope {id} to {to}{attempt}: dropped, not sent: its code expired before it arrived"
            ));
            answer(StatusCode::ACCEPTED, json!({ "result": "expired" }))
        }
        Ok(Enqueued::Full) => {
            // Not stored, so not acknowledged: Elastic Path delivers it again once the queue drains.
            server.refused(
                Refusal::QueueFull,
                &format!("envelope {id}: not stored, the queue holds its maximum (--max-queued) (503)"),
            );
            refuse(StatusCode::SERVICE_UNAVAILABLE, "the queue is full; deliver again later")
        }
        Err(reason) => {
            server.refused(
                Refusal::QueueUnavailable,
                &format!("envelope {id}: cannot be stored ({reason}) (503)"),
            );
            refuse(StatusCode::SERVICE_UNAVAILABLE, "the queue is unavailable; deliver again later")
        }
    }
}

/// The language the webhook URL names (`?locale=de`): one integration per store or storefront language,
/// since Elastic Path's event says nothing about the shopper's. A value that names no language is
/// ignored, so the mailer's `--locale` applies.
fn request_locale(query: Option<&str>) -> Option<Locale> {
    let pairs = ep_reset_link::parse_pairs(query?);
    let (_, tag) = pairs.iter().find(|(name, _)| name == ep_reset_link::param::LOCALE)?;
    Locale::from_tag(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, content_type.parse().expect("a header value"));
        headers
    }

    #[test]
    fn json_is_recognised_with_parameters_and_suffixes() {
        assert!(is_json(&headers("application/json")));
        assert!(is_json(&headers("Application/JSON; charset=utf-8")));
        assert!(is_json(&headers("application/vnd.api+json")));
        assert!(!is_json(&headers("text/plain")));
        assert!(!is_json(&headers("application/x-www-form-urlencoded")));
        assert!(!is_json(&HeaderMap::new()));
    }
}
