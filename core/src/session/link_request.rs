//! "E-mail me a reset link": the one operation behind the forgot-password form and the change-password
//! page's "send me a new link" button, and what its button and sentence say.
//!
//! [`LinkRequester::request`] wraps [`request_flow::request`] with the rules around it: one request at a
//! time, a per-username cooldown, a store-wide wait after a 429 or an unreadable answer while online
//! (from `Retry-After` when readable, else capped backoff with jitter), the `type` spelling the store
//! accepted (for the rest of the page's life), and a minimum delay before the answer so that timing does
//! not reveal whether the account exists. [`LinkRequestView`] is what the one link-request widget shows.

use std::cell::RefCell;
use std::future::Future;

use super::{Host, secs_until};
use crate::api::dto::OtpRequestType;
use crate::flows::EpApi;
use crate::flows::cooldown::Cooldown;
use crate::flows::discovery::{Discovered, DiscoveryError, username_format};
use crate::flows::in_flight::{InFlight, Running};
use crate::flows::minimum_delay::MinimumDelay;
use crate::flows::request_flow::{self, RequestOutcome};
use crate::retry::{Backoff, wait_for};
use crate::unicode::Unicode;
use crate::username::{UsernameError, UsernameFormat, normalise};

/// What asking for a link ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRequestOutcome {
    /// The neutral confirmation, identical whether or not the account exists. Another link for the same
    /// username can be requested from `resend_at_ms`.
    Sent {
        /// When "Send again" becomes available (epoch milliseconds).
        resend_at_ms: u64,
    },
    /// Nothing was sent: the username must be fixed first.
    InvalidUsername(UsernameError),
    /// Nothing was sent: a link for this username was requested moments ago.
    CoolingDown {
        /// When "Send again" becomes available.
        resend_at_ms: u64,
    },
    /// The network failed (or timed out, or the store's ids could not be read just now): the request
    /// may not have arrived. Input is kept; retry.
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
}

impl LinkRequestOutcome {
    /// Whether the shopper was told a link is on its way (or was, moments ago).
    pub fn is_sent(&self) -> bool {
        matches!(self, Self::Sent { .. } | Self::CoolingDown { .. })
    }
}

/// The link requests of one page: the rules' state, shared by every "e-mail me a link" button on it.
#[derive(Debug)]
pub struct LinkRequester {
    cooldown_secs: u64,
    configured_format: Option<UsernameFormat>,
    unicode: Unicode,
    running: InFlight,
    state: RefCell<State>,
}

#[derive(Debug)]
struct State {
    cooldown: Cooldown,
    blocked_until_ms: u64,
    rate_limited_attempts: u32,
    otp_type: OtpRequestType,
}

impl LinkRequester {
    /// No request made yet; `cooldown_secs` per username; usernames in `configured_format` when the
    /// configuration names one (else the discovered profile's, else e-mail), lower-cased by `unicode`.
    pub fn new(cooldown_secs: u32, configured_format: Option<UsernameFormat>, unicode: Unicode) -> Self {
        let state = State {
            cooldown: Cooldown::new(u64::from(cooldown_secs)),
            blocked_until_ms: 0,
            rate_limited_attempts: 0,
            otp_type: OtpRequestType::default(),
        };
        Self {
            cooldown_secs: u64::from(cooldown_secs),
            configured_format,
            unicode,
            running: InFlight::default(),
            state: RefCell::new(state),
        }
    }

    /// The cooldown after a sent link, in seconds.
    pub fn cooldown_secs(&self) -> u64 {
        self.cooldown_secs
    }

    /// The usernames' format, given what discovery found (if anything yet).
    pub fn format(&self, discovered: Option<&Discovered>) -> UsernameFormat {
        username_format(self.configured_format, discovered)
    }

    /// Whether a request is on its way (the button says "Sending…").
    pub fn is_sending(&self) -> bool {
        self.running.is_busy()
    }

    /// Takes the one-request-at-a-time guard, or `None` while a request is on its way (a double click).
    pub fn try_start(&self) -> Option<Running> {
        self.running.try_start()
    }

    /// Asks the store to e-mail a reset link to `typed_username` (normalised here by the one rule),
    /// holding `running` until the answer. `ids` resolves to the store's realm and profile (waiting for
    /// discovery if it is still running).
    pub async fn request(
        &self,
        running: Running,
        api: &impl EpApi,
        host: &impl Host,
        ids: impl Future<Output = Result<Discovered, DiscoveryError>>,
        typed_username: &str,
    ) -> LinkRequestOutcome {
        let _running = running;
        let started_ms = host.now_ms();
        let blocked_until_ms = self.state.borrow().blocked_until_ms;
        if blocked_until_ms > started_ms {
            return LinkRequestOutcome::RateLimited { retry_at_ms: blocked_until_ms };
        }
        let ids = match ids.await {
            Ok(ids) => ids,
            Err(DiscoveryError::Unavailable(_)) => return LinkRequestOutcome::Network,
            Err(error) => return LinkRequestOutcome::NotConfigured(error),
        };
        let username = match normalise(typed_username, self.format(Some(&ids)), self.unicode) {
            Ok(username) => username,
            Err(error) => return LinkRequestOutcome::InvalidUsername(error),
        };
        if let Some(remaining) = self.state.borrow().cooldown.remaining_ms(&username, started_ms) {
            return LinkRequestOutcome::CoolingDown { resend_at_ms: started_ms + remaining };
        }

        let otp_type = self.state.borrow().otp_type;
        let report =
            request_flow::request(api, &ids.realm, &ids.password_profile_id, &username, otp_type, || {
                host.online()
            })
            .await;
        self.state.borrow_mut().otp_type = report.next_type;
        // The answer (and the console hint) never comes sooner than the floor, whatever the account and
        // the latency.
        let wait = MinimumDelay::default().remaining_ms(started_ms, host.now_ms());
        if wait > 0 {
            host.sleep_ms(wait).await;
        }
        if let Some(hint) = report.hint {
            host.hint(hint);
        }

        let now = host.now_ms();
        let mut state = self.state.borrow_mut();
        match report.outcome {
            RequestOutcome::Sent => {
                state.rate_limited_attempts = 0;
                state.cooldown.start(&username, now);
                LinkRequestOutcome::Sent { resend_at_ms: now + self.cooldown_secs * 1000 }
            }
            RequestOutcome::Network => LinkRequestOutcome::Network,
            RequestOutcome::Server => LinkRequestOutcome::Server,
            RequestOutcome::RateLimited { retry_after } => {
                state.rate_limited_attempts = state.rate_limited_attempts.saturating_add(1);
                let backoff = Backoff::new(Backoff::DEFAULT_BASE_SECS, Backoff::DEFAULT_CAP_SECS);
                let wait = wait_for(retry_after, state.rate_limited_attempts, &backoff, host.random());
                state.blocked_until_ms = now + wait.millis();
                LinkRequestOutcome::RateLimited { retry_at_ms: state.blocked_until_ms }
            }
        }
    }
}

/// What the link-request widget shows: its button and the sentence under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkRequestView {
    /// The button.
    pub button: LinkButton,
    /// What the last answer says, if anything.
    pub sentence: Option<LinkSentence>,
}

/// The link-request button. Every state but [`Self::Ready`] is disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkButton {
    /// Press to ask (its words depend on the page: "Send reset link", "Send again", "Send me a new link").
    Ready,
    /// A request is on its way.
    Sending,
    /// A link was sent moments ago: "Send again in N s".
    SendAgainIn(u64),
    /// The store asked to wait: "Try again in N s".
    TryAgainIn(u64),
}

impl LinkButton {
    /// Whether pressing it does nothing now.
    pub fn disabled(self) -> bool {
        self != Self::Ready
    }
}

/// The sentence after an answer, the same words whether or not the account exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkSentence {
    /// A link is on its way (if the account exists).
    Sent,
    /// A link was requested moments ago; ask again in `secs`.
    CoolingDown {
        /// Seconds left (at least 1).
        secs: u64,
    },
    /// The store could not be reached.
    Network,
    /// The store failed (or its configuration is unusable): try again later.
    Server,
    /// Too many requests: wait `secs`.
    RateLimited {
        /// Seconds left.
        secs: u64,
    },
}

impl LinkSentence {
    /// Whether it reports a failure (shown as an error) rather than a link on its way.
    pub fn is_error(self) -> bool {
        !matches!(self, Self::Sent | Self::CoolingDown { .. })
    }
}

impl LinkRequestView {
    /// The widget after `answer` (the last one this page got, if any), while `sending` or not, at `now_ms`.
    pub fn new(answer: Option<&LinkRequestOutcome>, sending: bool, now_ms: u64) -> Self {
        let left = |deadline_ms: u64| secs_until(deadline_ms, now_ms);
        let (button, sentence) = match answer {
            None | Some(LinkRequestOutcome::InvalidUsername(_)) => (LinkButton::Ready, None),
            Some(LinkRequestOutcome::Sent { resend_at_ms }) => {
                (LinkButton::SendAgainIn(left(*resend_at_ms)), Some(LinkSentence::Sent))
            }
            Some(LinkRequestOutcome::CoolingDown { resend_at_ms }) => {
                let secs = left(*resend_at_ms);
                (LinkButton::SendAgainIn(secs), Some(LinkSentence::CoolingDown { secs: secs.max(1) }))
            }
            Some(LinkRequestOutcome::Network) => (LinkButton::Ready, Some(LinkSentence::Network)),
            Some(LinkRequestOutcome::Server | LinkRequestOutcome::NotConfigured(_)) => {
                (LinkButton::Ready, Some(LinkSentence::Server))
            }
            Some(LinkRequestOutcome::RateLimited { retry_at_ms }) => {
                let secs = left(*retry_at_ms);
                (LinkButton::TryAgainIn(secs), (secs > 0).then_some(LinkSentence::RateLimited { secs }))
            }
        };
        let button = match button {
            _ if sending => LinkButton::Sending,
            LinkButton::SendAgainIn(0) | LinkButton::TryAgainIn(0) => LinkButton::Ready,
            button => button,
        };
        Self { button, sentence }
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;
    use futures::future::join;

    use super::*;
    use crate::api::ApiError;
    use crate::flows::fake_api::{Call, FakeApi, id};
    use crate::flows::owner_hint::OwnerHint;
    use crate::retry::RetryAfter;
    use crate::session::fake_host::FakeHost;

    fn ids() -> Result<Discovered, DiscoveryError> {
        Ok(Discovered {
            realm: id("realm-1"),
            password_profile_id: id("prof-1"),
            username_format: None,
            min_password_length: None,
        })
    }

    /// One request for `typed` with the store answering `answers` in turn.
    fn ask(
        requester: &LinkRequester,
        host: &FakeHost,
        answers: &[Result<(), ApiError>],
        typed: &str,
    ) -> (LinkRequestOutcome, FakeApi) {
        let api = FakeApi::default();
        api.otp.borrow_mut().extend(answers.iter().copied());
        let running = requester.try_start().expect("not running");
        let outcome = block_on(requester.request(running, &api, host, async { ids() }, typed));
        (outcome, api)
    }

    fn requester() -> LinkRequester {
        LinkRequester::new(60, None, Unicode::STD)
    }

    #[test]
    fn a_sent_link_starts_the_cooldown_after_the_minimum_delay() {
        let (requester, host) = (requester(), FakeHost::default());
        let start = host.now_ms();
        let (outcome, api) = ask(&requester, &host, &[Ok(())], " Ada@Example.org ");
        assert_eq!(*host.slept.borrow(), [MinimumDelay::DEFAULT_MS], "never answered sooner than the floor");
        let sent_at = start + MinimumDelay::DEFAULT_MS;
        assert_eq!(outcome, LinkRequestOutcome::Sent { resend_at_ms: sent_at + 60_000 });
        assert!(
            matches!(&api.calls()[..], [Call::RequestOtp { username, .. }] if username == "ada@example.org")
        );

        host.advance(10_000);
        let (again, api) = ask(&requester, &host, &[], "ada@example.org");
        assert_eq!(again, LinkRequestOutcome::CoolingDown { resend_at_ms: sent_at + 60_000 });
        assert!(api.calls().is_empty(), "nothing is sent during the cooldown");
        let (other, _) = ask(&requester, &host, &[Ok(())], "bob@example.org");
        assert!(matches!(other, LinkRequestOutcome::Sent { .. }), "the cooldown is per username");

        host.advance(60_000);
        let (later, _) = ask(&requester, &host, &[Ok(())], "ada@example.org");
        assert!(matches!(later, LinkRequestOutcome::Sent { .. }));
    }

    #[test]
    fn one_request_at_a_time() {
        let (requester, host, api) = (requester(), FakeHost::default(), FakeApi::default());
        api.otp.borrow_mut().push_back(Ok(()));
        let running = requester.try_start().expect("not running");
        assert!(requester.is_sending());
        assert!(requester.try_start().is_none(), "a double click is refused");
        let second = async { requester.try_start().is_none() };
        let (outcome, refused) = block_on(join(
            requester.request(running, &api, &host, async { ids() }, "ada@example.org"),
            second,
        ));
        assert!(matches!(outcome, LinkRequestOutcome::Sent { .. }));
        assert!(refused, "still refused while the first one runs");
        assert!(!requester.is_sending());
        assert_eq!(api.calls().len(), 1);
    }

    #[test]
    fn an_invalid_username_sends_nothing_and_answers_at_once() {
        let (requester, host) = (requester(), FakeHost::default());
        let (outcome, api) = ask(&requester, &host, &[], "not an address");
        assert_eq!(outcome, LinkRequestOutcome::InvalidUsername(UsernameError::NotAnEmail));
        assert!(api.calls().is_empty());
        assert!(host.slept.borrow().is_empty());
        let any = LinkRequester::new(60, Some(UsernameFormat::Any), Unicode::STD);
        let (outcome, _) = ask(&any, &host, &[Ok(())], "not an address");
        assert!(matches!(outcome, LinkRequestOutcome::Sent { .. }), "a configured format rules");
    }

    #[test]
    fn a_429_blocks_every_username_until_the_wait_is_over() {
        let (requester, host) = (requester(), FakeHost::default());
        let limited = ApiError::RateLimited { retry_after: Some(RetryAfter::from_secs(7)) };
        let (outcome, _) = ask(&requester, &host, &[Err(limited)], "ada@example.org");
        let answered = host.now_ms();
        assert_eq!(outcome, LinkRequestOutcome::RateLimited { retry_at_ms: answered + 7_000 });
        host.advance(6_000);
        let (blocked, api) = ask(&requester, &host, &[], "bob@example.org");
        assert_eq!(blocked, LinkRequestOutcome::RateLimited { retry_at_ms: answered + 7_000 });
        assert!(api.calls().is_empty());
        host.advance(1_000);
        let (after, _) = ask(&requester, &host, &[Ok(())], "bob@example.org");
        assert!(matches!(after, LinkRequestOutcome::Sent { .. }));
    }

    #[test]
    fn without_a_readable_wait_the_backoff_grows_and_a_sent_link_resets_it() {
        let (requester, host) = (requester(), FakeHost::default());
        let backoff = Backoff::new(Backoff::DEFAULT_BASE_SECS, Backoff::DEFAULT_CAP_SECS);
        let unreadable = ApiError::RateLimited { retry_after: None };
        let mut waits = Vec::new();
        for attempt in 1..=3 {
            let (outcome, _) = ask(&requester, &host, &[Err(unreadable)], "ada@example.org");
            let LinkRequestOutcome::RateLimited { retry_at_ms } = outcome else { panic!("{outcome:?}") };
            waits.push(retry_at_ms - host.now_ms());
            assert_eq!(waits[attempt - 1], backoff.delay(attempt as u32, 0.5).millis());
            host.advance(retry_at_ms - host.now_ms());
        }
        assert!(waits[0] < waits[1] && waits[1] < waits[2], "{waits:?}");
        let (sent, _) = ask(&requester, &host, &[Ok(())], "ada@example.org");
        assert!(matches!(sent, LinkRequestOutcome::Sent { .. }));
        let (outcome, _) = ask(&requester, &host, &[Err(unreadable)], "bob@example.org");
        let LinkRequestOutcome::RateLimited { retry_at_ms } = outcome else { panic!("{outcome:?}") };
        assert_eq!(retry_at_ms - host.now_ms(), backoff.delay(1, 0.5).millis());
    }

    #[test]
    fn a_network_failure_while_online_waits_like_a_429_and_hints_the_owner() {
        let (requester, host) = (requester(), FakeHost::default());
        let (outcome, _) = ask(&requester, &host, &[Err(ApiError::Network)], "ada@example.org");
        assert!(matches!(outcome, LinkRequestOutcome::RateLimited { .. }), "{outcome:?}");
        assert_eq!(*host.hints.borrow(), [OwnerHint::NoReadableAnswer]);
        host.online.set(false);
        host.advance(60_000);
        let (offline, _) = ask(&requester, &host, &[Err(ApiError::Network)], "ada@example.org");
        assert_eq!(offline, LinkRequestOutcome::Network);
        let (server, _) = ask(&requester, &host, &[Err(ApiError::Server { status: 503 })], "ada@example.org");
        assert_eq!(server, LinkRequestOutcome::Server);
    }

    #[test]
    fn the_accepted_spelling_of_type_is_remembered() {
        let (requester, host) = (requester(), FakeHost::default());
        let refused = ApiError::Client { status: 422, source: crate::api::ErrorSource::OtherField };
        let (_, api) = ask(&requester, &host, &[Err(refused), Ok(())], "ada@example.org");
        assert_eq!(api.calls().len(), 2);
        assert_eq!(*host.hints.borrow(), [OwnerHint::TypeAccepted(OtpRequestType::Hyphens)]);
        let (_, api) = ask(&requester, &host, &[Ok(())], "bob@example.org");
        assert!(matches!(&api.calls()[..], [Call::RequestOtp { kind: OtpRequestType::Hyphens, .. }]));
    }

    #[test]
    fn unreadable_ids_read_as_a_network_failure_and_unusable_ones_as_not_configured() {
        let (requester, host, api) = (requester(), FakeHost::default(), FakeApi::default());
        let unavailable = Err(DiscoveryError::Unavailable(ApiError::Network));
        let running = requester.try_start().expect("free");
        let outcome = block_on(requester.request(running, &api, &host, async { unavailable }, "a@b.co"));
        assert_eq!(outcome, LinkRequestOutcome::Network);
        let running = requester.try_start().expect("free");
        let refused = Err(DiscoveryError::NoOtpProfile);
        let outcome = block_on(requester.request(running, &api, &host, async { refused }, "a@b.co"));
        assert_eq!(outcome, LinkRequestOutcome::NotConfigured(DiscoveryError::NoOtpProfile));
        assert!(api.calls().is_empty());
    }

    #[test]
    fn the_widget_counts_down_and_says_what_happened() {
        let now = 100_000;
        let view =
            |answer: Option<LinkRequestOutcome>, sending| LinkRequestView::new(answer.as_ref(), sending, now);
        let cases = [
            (None, false, LinkButton::Ready, None),
            (None, true, LinkButton::Sending, None),
            (
                Some(LinkRequestOutcome::Sent { resend_at_ms: now + 59_001 }),
                false,
                LinkButton::SendAgainIn(60),
                Some(LinkSentence::Sent),
            ),
            (
                Some(LinkRequestOutcome::Sent { resend_at_ms: now }),
                false,
                LinkButton::Ready,
                Some(LinkSentence::Sent),
            ),
            (
                Some(LinkRequestOutcome::CoolingDown { resend_at_ms: now + 4_000 }),
                false,
                LinkButton::SendAgainIn(4),
                Some(LinkSentence::CoolingDown { secs: 4 }),
            ),
            (
                Some(LinkRequestOutcome::CoolingDown { resend_at_ms: now }),
                false,
                LinkButton::Ready,
                Some(LinkSentence::CoolingDown { secs: 1 }),
            ),
            (Some(LinkRequestOutcome::Network), false, LinkButton::Ready, Some(LinkSentence::Network)),
            (Some(LinkRequestOutcome::Server), false, LinkButton::Ready, Some(LinkSentence::Server)),
            (
                Some(LinkRequestOutcome::NotConfigured(DiscoveryError::NoRealm)),
                false,
                LinkButton::Ready,
                Some(LinkSentence::Server),
            ),
            (
                Some(LinkRequestOutcome::RateLimited { retry_at_ms: now + 2_500 }),
                false,
                LinkButton::TryAgainIn(3),
                Some(LinkSentence::RateLimited { secs: 3 }),
            ),
            (Some(LinkRequestOutcome::RateLimited { retry_at_ms: now }), false, LinkButton::Ready, None),
            (
                Some(LinkRequestOutcome::RateLimited { retry_at_ms: now + 2_500 }),
                true,
                LinkButton::Sending,
                Some(LinkSentence::RateLimited { secs: 3 }),
            ),
            (Some(LinkRequestOutcome::InvalidUsername(UsernameError::Empty)), false, LinkButton::Ready, None),
        ];
        for (answer, sending, button, sentence) in cases {
            assert_eq!(view(answer, sending), LinkRequestView { button, sentence }, "{answer:?} {sending}");
        }
        assert!(LinkButton::Sending.disabled() && LinkButton::TryAgainIn(1).disabled());
        assert!(!LinkButton::Ready.disabled());
        assert!(LinkSentence::Network.is_error() && !LinkSentence::Sent.is_error());
    }
}
