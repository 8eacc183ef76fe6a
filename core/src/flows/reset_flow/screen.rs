//! What the change-password page shows after a submit: which view, which notice, and how long to wait.
//!
//! The page renders from these enums only, so the mapping from [`ResetOutcome`] to "what the shopper sees"
//! is decided (and tested) here rather than spread over view code.

use super::ResetOutcome;
use crate::api::ApiError;
use crate::retry::{Backoff, RetryAfter, wait_for};

/// The view that replaces (or keeps) the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The form stays, input kept (with a [`Notice`] when something went wrong).
    Form,
    /// The password was changed: the form is removed.
    Done,
    /// The code is expired, used or wrong: offer a new link for the same username.
    LinkExpired,
    /// The reset cannot go on: say why and what the shopper can still do.
    Final(FinalReason),
    /// The store's realm is unknown (a configuration problem).
    NotConfigured,
}

/// Why a reset ended without a new password, when no new code can help right away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinalReason {
    /// The member belongs to no account.
    NoAccount,
    /// The store does not let shoppers manage their own credentials.
    SelfManagementDisabled,
    /// The credential could not be found (link incomplete or for another profile).
    LinkIncomplete,
    /// Anything else: start again from a new link.
    Failed,
}

impl FinalReason {
    /// Whether asking for a new link can help (not when the account or the store rules it out).
    pub fn offers_new_link(self) -> bool {
        matches!(self, Self::LinkIncomplete | Self::Failed)
    }
}

/// A message shown above the kept form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The store was unreachable (or too slow).
    Network,
    /// The store failed (5xx).
    Server,
    /// Too many requests: wait before trying again.
    RateLimited,
    /// The store refused this password (400/422): choose another one.
    Rejected,
    /// The store refused the update for another reason: nothing changed, try again.
    UpdateRefused,
}

impl ResetOutcome {
    /// The view for this outcome.
    pub fn screen(&self) -> Screen {
        match self {
            Self::Done => Screen::Done,
            Self::LinkExpired => Screen::LinkExpired,
            Self::NoAccount => Screen::Final(FinalReason::NoAccount),
            Self::SelfManagementDisabled => Screen::Final(FinalReason::SelfManagementDisabled),
            Self::LinkIncomplete => Screen::Final(FinalReason::LinkIncomplete),
            Self::NoRealm => Screen::NotConfigured,
            Self::Failed { .. } => Screen::Final(FinalReason::Failed),
            Self::Rejected
            | Self::UpdateRefused { .. }
            | Self::TokenRefused { .. }
            | Self::Transient { .. } => Screen::Form,
        }
    }

    /// The notice above the form, if any.
    pub fn notice(&self) -> Option<Notice> {
        match self {
            Self::Rejected => Some(Notice::Rejected),
            Self::UpdateRefused { .. } => Some(Notice::UpdateRefused),
            // To the shopper, a store that refuses the page is a store that cannot help just now.
            Self::TokenRefused { .. } => Some(Notice::Server),
            Self::Transient { error, .. } => Some(notice_for(error)),
            _ => None,
        }
    }

    /// How long to keep "Try again" disabled: only after a 429, from `Retry-After` when it was readable,
    /// else capped exponential backoff for the `attempt`-th failure in a row (`jitter` in `0.0..=1.0`).
    /// Network and server failures may be retried at once (the shopper decides).
    pub fn retry_wait(&self, attempt: u32, jitter: f64) -> Option<RetryAfter> {
        match self {
            Self::Transient { error: ApiError::RateLimited { .. }, retry_after } => {
                Some(wait_for(*retry_after, attempt.max(1), &Backoff::default(), jitter))
            }
            _ => None,
        }
    }
}

/// Network and timeouts read the same to a shopper; 429 and 5xx each have their own words.
pub fn notice_for(error: &ApiError) -> Notice {
    match error {
        ApiError::RateLimited { .. } => Notice::RateLimited,
        ApiError::Server { .. } => Notice::Server,
        _ => Notice::Network,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorSource;

    fn transient(error: ApiError) -> ResetOutcome {
        ResetOutcome::Transient { error, retry_after: error.retry_after() }
    }

    #[test]
    fn final_outcomes_replace_the_form() {
        for (outcome, screen) in [
            (ResetOutcome::Done, Screen::Done),
            (ResetOutcome::LinkExpired, Screen::LinkExpired),
            (ResetOutcome::NoAccount, Screen::Final(FinalReason::NoAccount)),
            (ResetOutcome::SelfManagementDisabled, Screen::Final(FinalReason::SelfManagementDisabled)),
            (ResetOutcome::LinkIncomplete, Screen::Final(FinalReason::LinkIncomplete)),
            (ResetOutcome::NoRealm, Screen::NotConfigured),
            (ResetOutcome::Failed { error: ApiError::Unauthorized }, Screen::Final(FinalReason::Failed)),
        ] {
            assert!(outcome.is_final());
            assert_eq!(outcome.screen(), screen, "{outcome:?}");
            assert_eq!(outcome.notice(), None, "{outcome:?}");
        }
    }

    #[test]
    fn retryable_outcomes_keep_the_form_with_a_notice() {
        assert_eq!(ResetOutcome::Rejected.screen(), Screen::Form);
        assert_eq!(ResetOutcome::Rejected.notice(), Some(Notice::Rejected));
        let refused = ResetOutcome::UpdateRefused {
            error: ApiError::Client { status: 422, source: ErrorSource::Unnamed },
        };
        assert!(!refused.is_final());
        assert_eq!(refused.screen(), Screen::Form);
        assert_eq!(refused.notice(), Some(Notice::UpdateRefused));
        assert_eq!(refused.retry_wait(1, 0.5), None);
        assert_eq!(transient(ApiError::Network).notice(), Some(Notice::Network));
        assert_eq!(transient(ApiError::Timeout).notice(), Some(Notice::Network));
        assert_eq!(transient(ApiError::Server { status: 503 }).notice(), Some(Notice::Server));
        let limited = transient(ApiError::RateLimited { retry_after: None });
        assert_eq!(limited.screen(), Screen::Form);
        assert_eq!(limited.notice(), Some(Notice::RateLimited));
    }

    #[test]
    fn a_new_link_is_offered_unless_the_account_or_the_store_rules_it_out() {
        assert!(!FinalReason::NoAccount.offers_new_link());
        assert!(!FinalReason::SelfManagementDisabled.offers_new_link());
        assert!(FinalReason::LinkIncomplete.offers_new_link());
        assert!(FinalReason::Failed.offers_new_link());
    }

    #[test]
    fn only_rate_limits_make_the_shopper_wait() {
        assert_eq!(transient(ApiError::Network).retry_wait(1, 0.5), None);
        assert_eq!(transient(ApiError::Server { status: 500 }).retry_wait(3, 0.5), None);
        assert_eq!(ResetOutcome::Rejected.retry_wait(1, 0.5), None);
    }

    #[test]
    fn rate_limit_wait_uses_retry_after_when_readable_else_backoff() {
        let server = RetryAfter::from_secs(7);
        let limited = transient(ApiError::RateLimited { retry_after: Some(server) });
        assert_eq!(limited.retry_wait(4, 0.9), Some(server));

        let unreadable = transient(ApiError::RateLimited { retry_after: None });
        let backoff = Backoff::default();
        assert_eq!(unreadable.retry_wait(2, 0.25), Some(backoff.delay(2, 0.25)));
        // Attempt 0 (no failure counted yet) waits like the first retry, never zero.
        assert_eq!(unreadable.retry_wait(0, 0.0), Some(backoff.delay(1, 0.0)));
        assert!(unreadable.retry_wait(30, 1.0).is_some_and(|w| w.secs() <= RetryAfter::MAX_SECS));
    }
}
