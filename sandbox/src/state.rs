//! The state shared by every request: store, tokens, clock, outbox, faults, request log, limiter.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::clock::Clock;
use crate::config::Config;
use crate::control::faults::Fault;
use crate::http::rate_limit::RateLimiter;
use crate::jwt::JwtKey;
use crate::outbox::Email;
use crate::store::Store;

/// Which grant an access token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// `grant_type=implicit`: shopper-side.
    Implicit,
    /// `grant_type=client_credentials`: admin.
    ClientCredentials,
}

/// An issued access token.
#[derive(Debug, Clone)]
pub struct AccessToken {
    /// The grant.
    pub grant: Grant,
    /// Expiry, epoch seconds (sandbox clock).
    pub expires: i64,
}

/// One API request as seen by `/__sandbox/requests`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RequestRecord {
    /// HTTP method.
    pub method: String,
    /// Path without query string.
    pub path: String,
    /// Route name (the fault route names, or e.g. `password_profiles`, `preflight`, `not_found`).
    pub route: &'static str,
    /// Status answered (0 when the connection was dropped by a fault).
    pub status: u16,
}

/// Most request records kept; older ones are dropped.
const MAX_RECORDS: usize = 10_000;

/// Everything the handlers share.
#[derive(Debug)]
pub struct AppState {
    /// The configuration the sandbox was started with.
    pub config: Config,
    /// The app's base URL used in e-mail links.
    pub app_url: String,
    /// The store.
    pub store: Mutex<Store>,
    /// Issued access tokens (kept across `/__sandbox/reset`).
    pub tokens: Mutex<HashMap<String, AccessToken>>,
    /// The sandbox clock.
    pub clock: Clock,
    /// Key signing account-management tokens.
    pub jwt: JwtKey,
    /// E-mails "sent", oldest first.
    pub outbox: Mutex<Vec<Email>>,
    /// Active faults, oldest first.
    pub faults: Mutex<Vec<Fault>>,
    /// API requests handled, oldest first.
    pub requests: Mutex<Vec<RequestRecord>>,
    /// The store's rate limiter.
    pub limiter: RateLimiter,
    /// HTTP client for webhook calls.
    pub http: reqwest::Client,
}

impl AppState {
    /// The initial state for `config`, with e-mail links pointing at `app_url`.
    pub fn new(config: Config, app_url: String) -> Self {
        let clock = Clock::default();
        let store = Store::from_seed(&config.seed, clock.now());
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default();
        Self {
            limiter: RateLimiter::new(config.rate_limit),
            config,
            app_url,
            store: Mutex::new(store),
            tokens: Mutex::default(),
            clock,
            jwt: JwtKey::random(),
            outbox: Mutex::default(),
            faults: Mutex::default(),
            requests: Mutex::default(),
            http,
        }
    }

    /// Restores the seed: store data, outbox, faults, clock, request log and rate limiter.
    /// Issued access tokens stay valid (a browser holding one keeps working).
    pub fn reset(&self) {
        self.clock.reset();
        *lock(&self.store) = Store::from_seed(&self.config.seed, self.clock.now());
        lock(&self.outbox).clear();
        lock(&self.faults).clear();
        lock(&self.requests).clear();
        self.limiter.reset();
    }

    /// Appends a request record.
    pub fn record(&self, record: RequestRecord) {
        let mut requests = lock(&self.requests);
        if requests.len() >= MAX_RECORDS {
            requests.remove(0);
        }
        requests.push(record);
    }
}

/// Locks a mutex, recovering the data if a previous holder panicked.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
