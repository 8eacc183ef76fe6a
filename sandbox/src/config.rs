//! The sandbox's run-time configuration (what the command line sets).

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::seed::Seed;
use crate::webhooks::DeliveryPolicy;

/// Default rate limit: EP's default for development stores, in requests per second.
pub const DEFAULT_RATE_LIMIT: u32 = 25;

/// How much the sandbox keeps of what clients can make it hold; when one is full, its oldest entry
/// goes to make room (see [`crate::bounded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// E-mails in the outbox.
    pub outbox: usize,
    /// Faults waiting to be applied.
    pub faults: usize,
    /// Records in the request log.
    pub requests: usize,
    /// Issued access tokens (implicit and client_credentials); an evicted token answers 401.
    pub tokens: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { outbox: 1_000, faults: 1_000, requests: 10_000, tokens: 10_000 }
    }
}

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address for the API, the control API and the app (port 0 picks a free port).
    pub listen: SocketAddr,
    /// Optional second address serving only the API and the control API.
    pub api_listen: Option<SocketAddr>,
    /// Directory of the built app (`dist/`); without it the app routes answer a "not built" page.
    pub app_dir: Option<PathBuf>,
    /// Path prefix the app is served under, if given (default `/`).
    pub app_base: Option<String>,
    /// Value written into the `api-base="…"` attribute of the served `index.html`'s element, if given.
    pub app_api_base: Option<String>,
    /// Value written into the `breach-check="…"` attribute of the served `index.html`'s element (added
    /// when missing), if given.
    pub app_breach_check: Option<String>,
    /// Base URL of the app used in e-mail links; default `http://<listen><app base>`.
    pub app_url: Option<String>,
    /// The store to start with, and in `seed.switches` the switches' start-up values (the command
    /// line's switch options already applied). `/__sandbox/reset` goes back to exactly this.
    pub seed: Seed,
    /// If set, a webhook integration observing `one-time-password-token-request.created` with this
    /// URL is created at start and after each reset.
    pub webhook_url: Option<String>,
    /// That integration's `configuration.secret_key`, if set.
    pub webhook_secret: Option<String>,
    /// Whether webhook integrations may post to hosts other than loopback ones.
    pub allow_remote_webhooks: bool,
    /// Retries, backoff and timeout of webhook deliveries.
    pub delivery: DeliveryPolicy,
    /// Token-bucket rate per store, in requests per second.
    pub rate_limit: u32,
    /// Whether to log one line per request to stderr.
    pub log_requests: bool,
    /// Sizes of the outbox, fault list, request log and token map.
    pub limits: Limits,
}

impl Config {
    /// The defaults, listening on `listen`.
    pub fn new(listen: SocketAddr) -> Self {
        Self {
            listen,
            api_listen: None,
            app_dir: None,
            app_base: None,
            app_api_base: None,
            app_breach_check: None,
            app_url: None,
            seed: Seed::default(),
            webhook_url: None,
            webhook_secret: None,
            allow_remote_webhooks: false,
            delivery: DeliveryPolicy::default(),
            rate_limit: DEFAULT_RATE_LIMIT,
            log_requests: true,
            limits: Limits::default(),
        }
    }

    /// The app's path prefix with a leading and a trailing slash (`/` by default).
    pub fn app_base_path(&self) -> String {
        normalize_base(self.app_base.as_deref().unwrap_or("/"))
    }
}

/// Makes `base` start and end with exactly one `/`.
pub fn normalize_base(base: &str) -> String {
    let trimmed = base.trim_matches('/');
    if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") }
}

#[cfg(test)]
mod tests {
    use super::normalize_base;

    #[test]
    fn bases_are_normalised() {
        assert_eq!(normalize_base(""), "/");
        assert_eq!(normalize_base("/"), "/");
        assert_eq!(normalize_base("account/reset"), "/account/reset/");
        assert_eq!(normalize_base("/account/reset/"), "/account/reset/");
    }
}
