//! The state shared by every request: switches, store, tokens, clock, outbox, faults, request log,
//! limiter, webhook deliveries.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::task::JoinSet;

use crate::bounded::{BoundedMap, BoundedQueue};
use crate::clock::Clock;
use crate::config::Config;
use crate::control::faults::Fault;
use crate::control::guard::HostAllowList;
use crate::duplicates;
use crate::http::rate_limit::RateLimiter;
use crate::jwt::JwtKey;
use crate::outbox::Email;
use crate::store::{Integration, Store};
use crate::switches::Switches;

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
    /// The request's headers by lowercase name, values redacted except `Referer`, `Cookie` and
    /// `Origin` (see [`crate::http::header_record`]).
    pub headers: BTreeMap<String, String>,
}

/// Everything the handlers share. Locks are taken one at a time, except `switches` before `store`.
#[derive(Debug)]
pub struct AppState {
    /// The configuration the sandbox was started with.
    pub config: Config,
    /// The app's base URL used in e-mail links.
    pub app_url: String,
    /// The switches now (start-up values in `config.seed.switches`); read them with [`Self::switches`].
    switches: Mutex<Switches>,
    /// The store.
    pub store: Mutex<Store>,
    /// Issued access tokens (kept across `/__sandbox/reset`), at most `config.limits.tokens`.
    pub tokens: Mutex<BoundedMap<String, AccessToken>>,
    /// The sandbox clock.
    pub clock: Clock,
    /// Key signing account-management tokens.
    pub jwt: JwtKey,
    /// E-mails "sent", oldest first, at most `config.limits.outbox`.
    pub outbox: Mutex<BoundedQueue<Email>>,
    /// Active faults, oldest first, at most `config.limits.faults`.
    pub faults: Mutex<BoundedQueue<Fault>>,
    /// API requests handled, oldest first, at most `config.limits.requests`.
    pub requests: Mutex<BoundedQueue<RequestRecord>>,
    /// The `Host` values the control API answers.
    pub control_hosts: HostAllowList,
    /// The store's rate limiter.
    pub limiter: RateLimiter,
    /// HTTP client for webhook calls (redirects are not followed: a 3xx is a failed attempt).
    pub http: reqwest::Client,
    /// Webhook deliveries under way.
    pub deliveries: Mutex<JoinSet<()>>,
}

impl AppState {
    /// The initial state for `config`, with e-mail links pointing at `app_url`, for sockets bound to
    /// `listening` (the control API's allowed `Host` values).
    pub fn new(config: Config, app_url: String, listening: &[SocketAddr]) -> Self {
        let limits = config.limits;
        let control_hosts = HostAllowList::new(listening, config.app_url.as_deref());
        let clock = Clock::default();
        let store = fresh_store(&config, clock.now());
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default();
        Self {
            limiter: RateLimiter::new(config.rate_limit),
            switches: Mutex::new(config.seed.switches),
            config,
            app_url,
            store: Mutex::new(store),
            tokens: Mutex::new(BoundedMap::new(limits.tokens)),
            clock,
            jwt: JwtKey::random(),
            outbox: Mutex::new(BoundedQueue::new(limits.outbox)),
            faults: Mutex::new(BoundedQueue::new(limits.faults)),
            requests: Mutex::new(BoundedQueue::new(limits.requests)),
            control_hosts,
            http,
            deliveries: Mutex::default(),
        }
    }

    /// The switches now.
    pub fn switches(&self) -> Switches {
        *lock(&self.switches)
    }

    /// Applies a JSON patch of switches (see [`Switches::patched`]) and returns the result; nothing
    /// changes on error. Turning `duplicate_credentials` on or off adds or removes the seeded users'
    /// duplicates at once.
    pub fn patch_switches(&self, patch: &[u8]) -> Result<Switches, String> {
        let mut switches = lock(&self.switches);
        let patched = switches.patched(patch)?;
        if patched.duplicate_credentials != switches.duplicate_credentials {
            let mut store = lock(&self.store);
            if patched.duplicate_credentials {
                duplicates::add(&mut store, &self.config.seed, self.clock.now());
            } else {
                duplicates::remove(&mut store, &self.config.seed);
            }
        }
        *switches = patched;
        Ok(patched)
    }

    /// Restores the start: switches, store data (with the `--webhook-url` integration), outbox, faults,
    /// clock, request log and rate limiter, and cancels webhook deliveries under way. Issued access
    /// tokens stay valid (a browser holding one keeps working).
    pub fn reset(&self) {
        self.cancel_deliveries();
        self.clock.reset();
        *lock(&self.switches) = self.config.seed.switches;
        *lock(&self.store) = fresh_store(&self.config, self.clock.now());
        lock(&self.outbox).clear();
        lock(&self.faults).clear();
        lock(&self.requests).clear();
        self.limiter.reset();
    }

    /// Stops every webhook delivery under way.
    pub fn cancel_deliveries(&self) {
        lock(&self.deliveries).abort_all();
    }

    /// Appends a request record (the oldest goes when the log is full).
    pub fn record(&self, record: RequestRecord) {
        lock(&self.requests).push(record);
    }
}

/// The seed's store, plus the `--webhook-url` integration if one was asked for.
fn fresh_store(config: &Config, now: i64) -> Store {
    let mut store = Store::from_seed(&config.seed, now);
    if let Some(url) = &config.webhook_url {
        store.integrations.push(Integration::webhook_shortcut(url, config.webhook_secret.as_deref(), now));
    }
    store
}

/// Locks a mutex, recovering the data if a previous holder panicked.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
