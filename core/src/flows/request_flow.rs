//! Forgot password: ask Elastic Path to e-mail a reset code, without revealing whether the account exists.
//!
//! Every answer that could depend on the account (2xx, and every 4xx except 429) becomes the same
//! [`RequestOutcome::Sent`]; only network trouble, 5xx and 429 differ, because they do not depend on the
//! account. Two ways stores differ are absorbed here:
//! - **The `type` spelling** ([`OtpRequestType`]). A 400 or 422 is answered by sending the request once
//!   more with the other spelling. If the store accepts it, the report says so (a console hint) and names
//!   it as the spelling to start with next time; if it refuses again, the refusal was not about the
//!   spelling and reads exactly as the first answer did.
//! - **An answer the browser may not read.** A 429 or 5xx sent without CORS headers reaches the page as a
//!   network error. While the browser says it is online, a network failure is therefore treated as a 429
//!   without a readable `Retry-After` (the caller's capped backoff); offline, it stays a network failure.
//!   A timeout stays a network failure either way: a hidden 429 is answered at once.
//!
//! [`LinkRequester`](crate::session::link_request::LinkRequester) adds the
//! [`Cooldown`](super::cooldown::Cooldown), the [`MinimumDelay`](super::minimum_delay::MinimumDelay)
//! (measured over both attempts), the 429 wait, the remembered spelling and a one-at-a-time guard around
//! [`request`]; both pages' "e-mail me a link" buttons go through it.

use super::EpApi;
use super::owner_hint::OwnerHint;
use crate::api::ApiError;
use crate::api::dto::OtpRequestType;
use crate::resource_id::ResourceId;
use crate::retry::RetryAfter;
use crate::username::Username;

/// Everything one request for a code decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestReport {
    /// What the shopper is told.
    pub outcome: RequestOutcome,
    /// For the store owner's console only; never changes what the shopper sees.
    pub hint: Option<OwnerHint>,
    /// The spelling the next request starts with: the one the store just accepted after a fallback,
    /// else the one this request started with.
    pub next_type: OtpRequestType,
}

/// What the shopper is told after asking for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestOutcome {
    /// "If an account exists for that address, we've sent a link." Shown identically in every case.
    Sent,
    /// Offline, or a timeout: nothing was (knowingly) sent; input kept, retry offered.
    Network,
    /// 5xx: Elastic Path failed; retry later.
    Server,
    /// 429, or a network failure while online: wait before retrying. `retry_after` is the server's
    /// readable wait; without one, the page uses [`retry::wait_for`](crate::retry::wait_for) with its
    /// attempt count.
    RateLimited {
        /// The server's `Retry-After`, clamped, when readable.
        retry_after: Option<RetryAfter>,
    },
}

/// Asks for a `reset_password` code for `username` (already normalised), spelling `type` as `first`, and
/// once more with the other spelling after a 400 or 422. `online` is asked only after a network failure,
/// so it reflects the browser's state when the request failed.
pub async fn request(
    api: &impl EpApi,
    realm: &ResourceId,
    profile: &ResourceId,
    username: &Username,
    first: OtpRequestType,
    online: impl FnOnce() -> bool,
) -> RequestReport {
    let ask = |kind| api.request_otp(realm, profile, username.as_str(), kind);
    let first_answer = ask(first).await;
    let answer = match first_answer {
        Err(ApiError::Client { status: 400 | 422, .. }) => {
            let other = first.other();
            match ask(other).await {
                Ok(()) => {
                    let hint = Some(OwnerHint::TypeAccepted(other));
                    return RequestReport { outcome: RequestOutcome::Sent, hint, next_type: other };
                }
                // Refused either way: not about the spelling, so it reads as the first refusal did.
                Err(ApiError::Client { status: 400 | 422, .. }) => first_answer,
                other_answer => other_answer,
            }
        }
        answer => answer,
    };
    let (outcome, hint) = match answer {
        Ok(()) => (RequestOutcome::Sent, None),
        Err(error) => outcome_for_error(error, online),
    };
    // An unreadable answer may be a refused spelling whose 422 lacked CORS headers: the next try (after
    // the wait) uses the other spelling, so a store accepting only that one is reached in two tries.
    let next_type = if hint == Some(OwnerHint::NoReadableAnswer) { first.other() } else { first };
    RequestReport { outcome, hint, next_type }
}

/// What the shopper sees, and the console hint, for a failed request.
fn outcome_for_error(error: ApiError, online: impl FnOnce() -> bool) -> (RequestOutcome, Option<OwnerHint>) {
    let sent = |hint| (RequestOutcome::Sent, Some(hint));
    match error {
        ApiError::Network if online() => {
            (RequestOutcome::RateLimited { retry_after: None }, Some(OwnerHint::NoReadableAnswer))
        }
        ApiError::Network | ApiError::Timeout => (RequestOutcome::Network, None),
        ApiError::Server { .. } => (RequestOutcome::Server, None),
        ApiError::RateLimited { retry_after } => (RequestOutcome::RateLimited { retry_after }, None),
        ApiError::Client { status: 422, .. } => sent(OwnerHint::OtpDisabled),
        ApiError::Unauthorized => sent(OwnerHint::ImplicitTokenRefused),
        ApiError::Forbidden => sent(OwnerHint::NotPermitted),
        ApiError::NotFound => sent(OwnerHint::NotFound),
        ApiError::Client { status, .. } => sent(OwnerHint::Refused { status: Some(status) }),
        ApiError::Malformed | ApiError::Unreadable(_) => sent(OwnerHint::Refused { status: None }),
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::*;
    use crate::api::ErrorSource;
    use crate::flows::fake_api::{Call, FakeApi, id};
    use crate::unicode::Unicode;
    use crate::username::{UsernameFormat, normalise};

    const UNDERSCORES: OtpRequestType = OtpRequestType::Underscores;
    const HYPHENS: OtpRequestType = OtpRequestType::Hyphens;

    fn ada() -> Username {
        normalise(" Ada@Example.org ", UsernameFormat::Email, Unicode::STD).expect("valid")
    }

    fn client(status: u16) -> ApiError {
        ApiError::Client { status, source: ErrorSource::Unnamed }
    }

    fn type_refused() -> ApiError {
        ApiError::Client { status: 422, source: ErrorSource::OtherField }
    }

    /// Runs one request starting with `first`, the store answering `answers` in turn; online.
    fn run_from(first: OtpRequestType, answers: &[Result<(), ApiError>]) -> (RequestReport, FakeApi) {
        let api = FakeApi::default();
        api.otp.borrow_mut().extend(answers.iter().copied());
        let report = block_on(request(&api, &id("realm-1"), &id("prof-1"), &ada(), first, || true));
        (report, api)
    }

    fn run(answers: &[Result<(), ApiError>]) -> (RequestReport, FakeApi) {
        run_from(UNDERSCORES, answers)
    }

    fn kinds(api: &FakeApi) -> Vec<OtpRequestType> {
        api.calls()
            .into_iter()
            .filter_map(|call| match call {
                Call::RequestOtp { kind, .. } => Some(kind),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn sends_the_normalised_username_once_with_underscores() {
        let (report, api) = run(&[Ok(())]);
        assert_eq!(
            report,
            RequestReport { outcome: RequestOutcome::Sent, hint: None, next_type: UNDERSCORES }
        );
        assert_eq!(
            api.calls(),
            [Call::RequestOtp {
                realm: "realm-1".into(),
                profile: "prof-1".into(),
                username: "ada@example.org".into(),
                kind: UNDERSCORES,
            }]
        );
    }

    #[test]
    fn a_refused_spelling_is_sent_once_more_with_the_other_and_remembered() {
        for refusal in [type_refused(), client(400), client(422)] {
            let (report, api) = run(&[Err(refusal), Ok(())]);
            assert_eq!(
                report,
                RequestReport {
                    outcome: RequestOutcome::Sent,
                    hint: Some(OwnerHint::TypeAccepted(HYPHENS)),
                    next_type: HYPHENS,
                },
                "{refusal:?}"
            );
            assert_eq!(kinds(&api), [UNDERSCORES, HYPHENS]);
        }
    }

    #[test]
    fn a_remembered_spelling_starts_and_falls_back_the_other_way() {
        let (report, api) = run_from(HYPHENS, &[Ok(())]);
        assert_eq!(report.next_type, HYPHENS);
        assert_eq!(kinds(&api), [HYPHENS]);

        let (report, api) = run_from(HYPHENS, &[Err(type_refused()), Ok(())]);
        assert_eq!(report.hint, Some(OwnerHint::TypeAccepted(UNDERSCORES)));
        assert_eq!(report.next_type, UNDERSCORES);
        assert_eq!(kinds(&api), [HYPHENS, UNDERSCORES]);
    }

    #[test]
    fn refused_with_both_spellings_reads_as_the_first_refusal_and_keeps_the_spelling() {
        let (report, api) = run(&[Err(client(422)), Err(client(400))]);
        assert_eq!(
            report,
            RequestReport {
                outcome: RequestOutcome::Sent,
                hint: Some(OwnerHint::OtpDisabled),
                next_type: UNDERSCORES
            }
        );
        assert_eq!(kinds(&api), [UNDERSCORES, HYPHENS], "exactly one fallback");

        let (report, _) = run(&[Err(client(400)), Err(client(422))]);
        assert_eq!(report.hint, Some(OwnerHint::Refused { status: Some(400) }));
    }

    #[test]
    fn the_fallbacks_own_answer_decides_when_it_is_not_a_refusal() {
        let limited = ApiError::RateLimited { retry_after: Some(RetryAfter::from_secs(9)) };
        for (second, outcome, hint, next_type) in [
            (Err(ApiError::NotFound), RequestOutcome::Sent, Some(OwnerHint::NotFound), UNDERSCORES),
            (
                Err(limited),
                RequestOutcome::RateLimited { retry_after: Some(RetryAfter::from_secs(9)) },
                None,
                UNDERSCORES,
            ),
            (Err(ApiError::Server { status: 502 }), RequestOutcome::Server, None, UNDERSCORES),
            (
                Err(ApiError::Network),
                RequestOutcome::RateLimited { retry_after: None },
                Some(OwnerHint::NoReadableAnswer),
                HYPHENS,
            ),
        ] {
            let (report, _) = run(&[Err(type_refused()), second]);
            assert_eq!(report, RequestReport { outcome, hint, next_type }, "{second:?}");
        }
    }

    #[test]
    fn only_400_and_422_try_the_other_spelling() {
        for error in [
            ApiError::NotFound,
            ApiError::Unauthorized,
            ApiError::Forbidden,
            client(409),
            ApiError::Malformed,
            ApiError::Server { status: 500 },
            ApiError::RateLimited { retry_after: None },
            ApiError::Network,
            ApiError::Timeout,
        ] {
            let (_, api) = run(&[Err(error)]);
            assert_eq!(kinds(&api), [UNDERSCORES], "{error:?}");
        }
    }

    #[test]
    fn enumeration_neutral_for_every_account_dependent_answer() {
        for answers in [
            vec![Err(client(400)), Err(client(400))],
            vec![Err(ApiError::NotFound)],
            vec![Err(client(422)), Err(client(422))],
            vec![Err(type_refused()), Ok(())],
            vec![Err(type_refused()), Err(ApiError::NotFound)],
            vec![Err(client(409))],
            vec![Err(ApiError::Unauthorized)],
            vec![Err(ApiError::Forbidden)],
            vec![Err(ApiError::Malformed)],
            vec![Ok(())],
        ] {
            let (report, _) = run(&answers);
            assert_eq!(report.outcome, RequestOutcome::Sent, "{answers:?}");
        }
    }

    #[test]
    fn console_hints() {
        for (error, hint) in [
            (ApiError::Unauthorized, OwnerHint::ImplicitTokenRefused),
            (ApiError::Forbidden, OwnerHint::NotPermitted),
            (ApiError::NotFound, OwnerHint::NotFound),
            (client(409), OwnerHint::Refused { status: Some(409) }),
            (ApiError::Malformed, OwnerHint::Refused { status: None }),
        ] {
            assert_eq!(run(&[Err(error)]).0.hint, Some(hint), "{error:?}");
        }
    }

    #[test]
    fn only_account_independent_failures_differ() {
        assert_eq!(run(&[Err(ApiError::Timeout)]).0.outcome, RequestOutcome::Network);
        assert_eq!(run(&[Err(ApiError::Server { status: 503 })]).0.outcome, RequestOutcome::Server);
        assert_eq!(
            run(&[Err(ApiError::RateLimited { retry_after: Some(RetryAfter::from_secs(30)) })]).0.outcome,
            RequestOutcome::RateLimited { retry_after: Some(RetryAfter::from_secs(30)) }
        );
        assert_eq!(
            run(&[Err(ApiError::RateLimited { retry_after: None })]).0.outcome,
            RequestOutcome::RateLimited { retry_after: None }
        );
    }

    #[test]
    fn a_network_failure_while_online_waits_like_an_unreadable_429() {
        let (report, _) = run(&[Err(ApiError::Network)]);
        assert_eq!(
            report,
            RequestReport {
                outcome: RequestOutcome::RateLimited { retry_after: None },
                hint: Some(OwnerHint::NoReadableAnswer),
                next_type: HYPHENS,
            }
        );
    }

    #[test]
    fn a_store_hiding_its_refusal_of_the_first_spelling_is_reached_on_the_next_try() {
        // A hyphen-only store whose 422 lacks CORS headers: the first try reads as a network failure.
        let (first, _) = run_from(UNDERSCORES, &[Err(ApiError::Network)]);
        let (second, api) = run_from(first.next_type, &[Ok(())]);
        assert_eq!(second.outcome, RequestOutcome::Sent);
        assert_eq!(kinds(&api), [HYPHENS]);
    }

    #[test]
    fn a_network_failure_while_offline_says_so() {
        let api = FakeApi::default();
        api.otp.borrow_mut().push_back(Err(ApiError::Network));
        let report = block_on(request(&api, &id("r"), &id("p"), &ada(), UNDERSCORES, || false));
        assert_eq!(report.outcome, RequestOutcome::Network);
        assert_eq!(report.hint, None);
    }

    #[test]
    fn connectivity_is_asked_only_after_a_network_failure() {
        let api = FakeApi::default();
        api.otp.borrow_mut().extend([Ok(()), Err(ApiError::Server { status: 500 })]);
        for _ in 0..2 {
            let asked = std::cell::Cell::new(false);
            block_on(request(&api, &id("r"), &id("p"), &ada(), UNDERSCORES, || asked.replace(true)));
            assert!(!asked.get());
        }
    }
}
