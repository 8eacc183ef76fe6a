//! "E-mail me a reset link": the one operation behind the forgot-password form and the change-password
//! page's "send me a new link" button.
//!
//! [`StoreContext::request_reset_link`] wraps [`ep_reset_core::flows::request_flow::request`] with the rules
//! around it: one request at a time (double-click safe), a per-username cooldown, a store-wide wait after
//! a 429 or an unreadable answer while online (from `Retry-After` when readable, else capped backoff with
//! jitter), the `type` spelling the store accepted (for the rest of the page's life), and a minimum delay
//! before the answer so that timing does not reveal whether the account exists.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use ep_reset_core::api::dto::OtpRequestType;
use ep_reset_core::flows::cooldown::Cooldown;
use ep_reset_core::flows::discovery::DiscoveryError;
use ep_reset_core::flows::minimum_delay::MinimumDelay;
use ep_reset_core::flows::request_flow::{RequestOutcome, request};
use ep_reset_core::retry::{Backoff, wait_for};
use ep_reset_core::username::{UsernameError, UsernameFormat, normalise};

use crate::messages::CommonText;
use crate::store::StoreContext;
use crate::time::{now_ms, sleep};

/// What the shopper is told after asking for a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRequestOutcome {
    /// The neutral confirmation, identical whether or not the account exists. Another link for the same
    /// username can be requested from `resend_at_ms` (browser clock, epoch milliseconds).
    Sent {
        /// When "Send again" becomes available.
        resend_at_ms: u64,
    },
    /// Nothing was sent: the username must be fixed first.
    InvalidUsername(UsernameError),
    /// Nothing was sent: a link for this username was requested moments ago.
    CoolingDown {
        /// When "Send again" becomes available.
        resend_at_ms: u64,
    },
    /// The network failed (or timed out): the request may not have arrived. Input is kept; retry.
    Network,
    /// Elastic Path failed (5xx): retry later.
    Server,
    /// Too many requests (or no readable answer while online): nothing more is sent before `retry_at_ms`.
    RateLimited {
        /// When trying again is allowed.
        retry_at_ms: u64,
    },
    /// The store's realm or password profile could not be determined: a configuration problem.
    NotConfigured(DiscoveryError),
    /// A request is already on its way; this click was ignored.
    Busy,
}

/// Shared state of link requests: cooldowns, the 429 wait, the accepted `type` spelling, the in-flight
/// flag; and the catalogue's console hints.
#[derive(Clone)]
pub struct LinkRequests {
    state: Rc<RefCell<State>>,
    text: &'static CommonText,
}

impl LinkRequests {
    /// No request made yet; console hints in `text`'s language.
    pub fn new(text: &'static CommonText) -> Self {
        Self { state: Rc::default(), text }
    }
}

#[derive(Default)]
struct State {
    cooldown: Option<Cooldown>,
    blocked_until_ms: u64,
    rate_limited_attempts: u32,
    otp_type: OtpRequestType,
    in_flight: bool,
}

/// Clears the in-flight flag however the request ends (an early return, or the future being dropped).
struct InFlight(Rc<RefCell<State>>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.borrow_mut().in_flight = false;
    }
}

impl StoreContext {
    /// Asks the store to e-mail a reset link to `typed_username` (normalised here by the one rule).
    pub async fn request_reset_link(&self, typed_username: &str) -> LinkRequestOutcome {
        let state = Rc::clone(&self.link_requests.state);
        let started_ms = now_ms();
        {
            let mut s = state.borrow_mut();
            if s.in_flight {
                return LinkRequestOutcome::Busy;
            }
            if s.blocked_until_ms > started_ms {
                return LinkRequestOutcome::RateLimited { retry_at_ms: s.blocked_until_ms };
            }
            s.in_flight = true;
        }
        let _in_flight = InFlight(Rc::clone(&state));

        let ids = match self.ids().await {
            Ok(ids) => ids,
            Err(DiscoveryError::Unavailable(_)) => {
                self.retry_ids();
                return LinkRequestOutcome::Network;
            }
            Err(error) => return LinkRequestOutcome::NotConfigured(error),
        };
        let format = self.config.username_format.or(ids.username_format).unwrap_or(UsernameFormat::Email);
        let username = match normalise(typed_username, format) {
            Ok(username) => username,
            Err(error) => return LinkRequestOutcome::InvalidUsername(error),
        };
        let cooldown_secs = u64::from(self.config.resend_cooldown_secs);
        if let Some(remaining) =
            state.borrow().cooldown.as_ref().and_then(|c| c.remaining_ms(&username, started_ms))
        {
            return LinkRequestOutcome::CoolingDown { resend_at_ms: started_ms + remaining };
        }

        let otp_type = state.borrow().otp_type;
        let report =
            request(&self.client, &ids.realm, &ids.password_profile_id, &username, otp_type, browser_online)
                .await;
        state.borrow_mut().otp_type = report.next_type;
        // The answer (and the console hint) never comes sooner than the floor, whatever the account and
        // the latency.
        let wait = MinimumDelay::new(MinimumDelay::DEFAULT_MS).remaining_ms(started_ms, now_ms());
        sleep(Duration::from_millis(wait)).await;
        if let Some(hint) = report.hint {
            web_sys::console::info_1(&(self.link_requests.text.link_request_hint)(hint).into());
        }

        let now = now_ms();
        let mut s = state.borrow_mut();
        match report.outcome {
            RequestOutcome::Sent => {
                s.rate_limited_attempts = 0;
                s.cooldown.get_or_insert_with(|| Cooldown::new(cooldown_secs)).start(&username, now);
                LinkRequestOutcome::Sent { resend_at_ms: now + cooldown_secs * 1000 }
            }
            RequestOutcome::Network => LinkRequestOutcome::Network,
            RequestOutcome::Server => LinkRequestOutcome::Server,
            RequestOutcome::RateLimited { retry_after } => {
                s.rate_limited_attempts = s.rate_limited_attempts.saturating_add(1);
                let backoff = Backoff::new(Backoff::DEFAULT_BASE_SECS, Backoff::DEFAULT_CAP_SECS);
                let wait = wait_for(retry_after, s.rate_limited_attempts, &backoff, js_sys::Math::random());
                s.blocked_until_ms = now + wait.millis();
                LinkRequestOutcome::RateLimited { retry_at_ms: s.blocked_until_ms }
            }
        }
    }
}

/// Whether the browser says it is online (`navigator.onLine`); assumed so when it cannot say.
fn browser_online() -> bool {
    web_sys::window().is_none_or(|window| window.navigator().on_line())
}
