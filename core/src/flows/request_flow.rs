//! Forgot password: ask Elastic Path to e-mail a reset code, without revealing whether the account exists.
//!
//! Every answer that could depend on the account (2xx, and every 4xx except 429) becomes the same
//! [`RequestOutcome::Sent`]; only network trouble, 5xx and 429 differ, because they do not depend on the
//! account. The app's `link_request` module adds the [`Cooldown`](super::cooldown::Cooldown), the
//! [`MinimumDelay`](super::minimum_delay::MinimumDelay), a 429 wait and a one-at-a-time guard around
//! [`request`]; both pages' "e-mail me a link" buttons go through it.

use super::EpApi;
use crate::api::ApiError;
use crate::resource_id::ResourceId;
use crate::retry::RetryAfter;
use crate::username::Username;

/// What the shopper is told after asking for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestOutcome {
    /// "If an account exists for that address, we've sent a link." Shown identically in every case;
    /// `hint` is for the store owner's console only and must not change what the shopper sees.
    Sent {
        /// A likely configuration problem behind a non-2xx answer.
        hint: Option<StoreOwnerHint>,
    },
    /// Offline, network error or timeout: nothing was (knowingly) sent; input kept, retry offered.
    Network,
    /// 5xx: Elastic Path failed; retry later.
    Server,
    /// 429: wait before retrying. `retry_after` is the server's readable wait; without one, the page uses
    /// [`retry::wait_for`](crate::retry::wait_for) with its attempt count.
    RateLimited {
        /// The server's `Retry-After`, clamped, when readable.
        retry_after: Option<RetryAfter>,
    },
}

/// A console hint for the store owner when the request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreOwnerHint {
    /// 422: most likely the password profile has `enable_one_time_password_token: false`.
    OtpDisabled,
    /// 401: the implicit token was refused; check the client id.
    ImplicitTokenRefused,
    /// 403: this store does not let implicit tokens request codes.
    NotPermitted,
    /// 404: the realm or password profile id is wrong (some stores may also answer 404 for an unknown
    /// username).
    NotFound,
    /// Another refusal (400, 409, …) or an unreadable answer; `status` when there was one.
    Refused {
        /// The HTTP status, if any.
        status: Option<u16>,
    },
}

/// Asks for a `reset_password` code for `username` (already normalised) and maps the answer.
pub async fn request(
    api: &impl EpApi,
    realm: &ResourceId,
    profile: &ResourceId,
    username: &Username,
) -> RequestOutcome {
    match api.request_otp(realm, profile, username.as_str()).await {
        Ok(()) => RequestOutcome::Sent { hint: None },
        Err(error) => outcome_for_error(error),
    }
}

/// The mapping of [`request`], on its own for the page's tests.
pub fn outcome_for_error(error: ApiError) -> RequestOutcome {
    let sent = |hint| RequestOutcome::Sent { hint: Some(hint) };
    match error {
        ApiError::Network | ApiError::Timeout => RequestOutcome::Network,
        ApiError::Server { .. } => RequestOutcome::Server,
        ApiError::RateLimited { retry_after } => RequestOutcome::RateLimited { retry_after },
        ApiError::Client { status: 422 } => sent(StoreOwnerHint::OtpDisabled),
        ApiError::Unauthorized => sent(StoreOwnerHint::ImplicitTokenRefused),
        ApiError::Forbidden => sent(StoreOwnerHint::NotPermitted),
        ApiError::NotFound => sent(StoreOwnerHint::NotFound),
        ApiError::Client { status } => sent(StoreOwnerHint::Refused { status: Some(status) }),
        ApiError::Malformed => sent(StoreOwnerHint::Refused { status: None }),
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::*;
    use crate::flows::fake_api::{Call, FakeApi, id};
    use crate::username::{UsernameFormat, normalise};

    fn ada() -> Username {
        normalise(" Ada@Example.org ", UsernameFormat::Email).expect("valid")
    }

    fn run(answer: Result<(), ApiError>) -> (RequestOutcome, FakeApi) {
        let api = FakeApi::default();
        api.otp.borrow_mut().push_back(answer);
        let outcome = block_on(request(&api, &id("realm-1"), &id("prof-1"), &ada()));
        (outcome, api)
    }

    #[test]
    fn sends_the_normalised_username_once() {
        let (outcome, api) = run(Ok(()));
        assert_eq!(outcome, RequestOutcome::Sent { hint: None });
        assert_eq!(
            api.calls(),
            [Call::RequestOtp {
                realm: "realm-1".into(),
                profile: "prof-1".into(),
                username: "ada@example.org".into()
            }]
        );
    }

    #[test]
    fn enumeration_neutral_for_every_account_dependent_answer() {
        for error in [
            ApiError::Client { status: 400 },
            ApiError::NotFound,
            ApiError::Client { status: 422 },
            ApiError::Client { status: 409 },
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::Malformed,
        ] {
            let (outcome, _) = run(Err(error));
            assert!(matches!(outcome, RequestOutcome::Sent { .. }), "{error:?} → {outcome:?}");
        }
        // 202 itself.
        assert!(matches!(run(Ok(())).0, RequestOutcome::Sent { .. }));
    }

    #[test]
    fn console_hints() {
        assert_eq!(
            run(Err(ApiError::Client { status: 422 })).0,
            RequestOutcome::Sent { hint: Some(StoreOwnerHint::OtpDisabled) }
        );
        assert_eq!(
            outcome_for_error(ApiError::Unauthorized),
            RequestOutcome::Sent { hint: Some(StoreOwnerHint::ImplicitTokenRefused) }
        );
        assert_eq!(
            outcome_for_error(ApiError::Forbidden),
            RequestOutcome::Sent { hint: Some(StoreOwnerHint::NotPermitted) }
        );
        assert_eq!(
            outcome_for_error(ApiError::NotFound),
            RequestOutcome::Sent { hint: Some(StoreOwnerHint::NotFound) }
        );
        assert_eq!(
            outcome_for_error(ApiError::Client { status: 400 }),
            RequestOutcome::Sent { hint: Some(StoreOwnerHint::Refused { status: Some(400) }) }
        );
    }

    #[test]
    fn only_account_independent_failures_differ() {
        assert_eq!(run(Err(ApiError::Network)).0, RequestOutcome::Network);
        assert_eq!(run(Err(ApiError::Timeout)).0, RequestOutcome::Network);
        assert_eq!(run(Err(ApiError::Server { status: 503 })).0, RequestOutcome::Server);
        assert_eq!(
            run(Err(ApiError::RateLimited { retry_after: Some(RetryAfter::from_secs(30)) })).0,
            RequestOutcome::RateLimited { retry_after: Some(RetryAfter::from_secs(30)) }
        );
        assert_eq!(
            run(Err(ApiError::RateLimited { retry_after: None })).0,
            RequestOutcome::RateLimited { retry_after: None }
        );
    }
}
