//! Webhook delivery: an event envelope POSTed to an integration's URL at least once, in a background
//! task, retried with exponential backoff after a non-2xx answer, a timeout or a connection error.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;

use crate::state::{AppState, lock};
use crate::store::WebhookTarget;

/// The header carrying an integration's `configuration.secret_key`.
pub const SECRET_HEADER: &str = "X-MOLTIN-SECRET-KEY";

/// Why a webhook URL is refused without `--allow-remote-webhooks`.
pub const REMOTE_WEBHOOK_REFUSED: &str = "webhooks go only to this machine (localhost, 127.0.0.0/8, ::1) \
unless the sandbox runs with --allow-remote-webhooks, so that no web page can make it post one-time \
codes elsewhere";

/// Whether `url` is an absolute URL whose host is a loopback address or `localhost`.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else { return false };
    let Some(host) = parsed.host_str() else { return false };
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || literal.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The longest wait between two attempts, whatever the base and the attempt number.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// How hard the sandbox tries to deliver one envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// The wait before the second attempt; it doubles before each further one (at most an hour).
    pub retry_base: Duration,
    /// An attempt that is not answered within this counts as failed (Elastic Path: 10 s).
    pub timeout: Duration,
    /// Attempts in all (at least 1); after the last failure the envelope is given up.
    pub max_attempts: u32,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        Self { retry_base: Duration::from_secs(1), timeout: Duration::from_secs(10), max_attempts: 5 }
    }
}

impl DeliveryPolicy {
    /// The wait after failed attempt `attempt` (counting from 1): base, 2 × base, 4 × base, …
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.checked_pow(attempt.saturating_sub(1)).unwrap_or(u32::MAX);
        self.retry_base.checked_mul(factor).map_or(MAX_BACKOFF, |wait| wait.min(MAX_BACKOFF))
    }
}

/// One envelope on its way to one integration.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The integration's id (for the log line; the URL is never logged).
    pub integration_id: String,
    /// Where it goes.
    pub target: WebhookTarget,
    /// The envelope; its `attempt` is set before each try, its `id` never changes.
    pub envelope: Value,
}

/// Starts delivering in the background; the API answer never waits for it. `/__sandbox/reset` and
/// dropping the sandbox cancel deliveries still under way.
pub fn spawn(state: &Arc<AppState>, delivery: Delivery) {
    let mut tasks = lock(&state.deliveries);
    while tasks.try_join_next().is_some() {}
    tasks.spawn(deliver(Arc::clone(state), delivery));
}

async fn deliver(state: Arc<AppState>, mut delivery: Delivery) {
    let policy = state.config.delivery;
    let attempts = policy.max_attempts.max(1);
    for attempt in 1..=attempts {
        delivery.envelope["attempt"] = attempt.into();
        let outcome = post(&state.http, &delivery, policy.timeout).await;
        if state.config.log_requests {
            eprintln!(
                "ep-sandbox webhook integration {} attempt {attempt}/{attempts} -> {outcome}",
                delivery.integration_id
            );
        }
        if outcome.delivered() {
            return;
        }
        if attempt < attempts {
            tokio::time::sleep(policy.backoff(attempt)).await;
        }
    }
}

/// What one attempt came to.
enum Outcome {
    Answered(StatusCode),
    TimedOut,
    Failed,
}

impl Outcome {
    fn delivered(&self) -> bool {
        matches!(self, Self::Answered(status) if status.is_success())
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Answered(status) => write!(f, "{}", status.as_u16()),
            Self::TimedOut => f.write_str("timed out"),
            Self::Failed => f.write_str("failed (connection error)"),
        }
    }
}

async fn post(client: &reqwest::Client, delivery: &Delivery, timeout: Duration) -> Outcome {
    let mut request = client.post(&delivery.target.url).timeout(timeout).json(&delivery.envelope);
    if let Some(secret) = &delivery.target.secret_key {
        request = request.header(SECRET_HEADER, secret);
    }
    match request.send().await {
        Ok(response) => Outcome::Answered(response.status()),
        Err(error) if error.is_timeout() => Outcome::TimedOut,
        Err(_) => Outcome::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_hosts_are_loopback_urls() {
        for url in
            ["http://127.0.0.1:9/hook", "http://127.8.0.1/", "http://LOCALHOST:80/x", "http://[::1]:9/"]
        {
            assert!(is_loopback_url(url), "{url}");
        }
        for url in [
            "http://shop.example/hook",
            "http://10.0.0.1/",
            "http://localhost.evil.example/",
            "http://127.0.0.1.evil.example/",
            "http://[::2]/",
            "not a url",
        ] {
            assert!(!is_loopback_url(url), "{url}");
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let policy = DeliveryPolicy { retry_base: Duration::from_millis(100), ..DeliveryPolicy::default() };
        let waits: Vec<u128> = (1..=4).map(|n| policy.backoff(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 800]);
        assert_eq!(policy.backoff(40), MAX_BACKOFF);
        assert_eq!(DeliveryPolicy::default().backoff(u32::MAX), MAX_BACKOFF);
        let zero = DeliveryPolicy { retry_base: Duration::ZERO, ..DeliveryPolicy::default() };
        assert_eq!(zero.backoff(3), Duration::ZERO);
    }
}
