//! Change password: exchange the one-time password **once**, then set the new password.
//!
//! Steps on submit: the implicit token (usually cached) → exchange (`passwordless`) → user-authentication-info id from
//! `meta.account_member_id` (else the token's `sub`) → realm from the link, else the token's `realm_id`,
//! else configuration → credential id from the link, else the list endpoint ([`credential::choose`]: the
//! entry of the password profile whose username matches) → `PUT` the password.
//!
//! After a successful exchange the account-management token is kept (in memory, as a [`Secret`]) until
//! the flow ends, so a retry after a transient failure or a refused update repeats only the steps that
//! failed, never the exchange. The token is dropped as soon as an outcome is final.
//!
//! A 400 or 422 on the update is about the password only when the error body says so: its `source` names
//! the password (`data.password`), or it is a 400 that names no field at all (Elastic Path documents 400
//! for a password it refuses, and the password is the one part of the body the shopper chose). Anything
//! else (a 422 without a field, such as "Constraint violation" or "store id mismatch", or a refusal
//! naming another field) is [`ResetOutcome::UpdateRefused`]: asking for another password would not help.

pub mod credential;
mod screen;
mod target;

pub use screen::{FinalReason, Notice, Screen, notice_for};
pub use target::{ResetSetupError, ResetTarget};

use std::cell::{Cell, RefCell};

use self::credential::Credential;
use super::EpApi;
use crate::api::dto::{AmTokenResponse, PasswordUpdateBody};
use crate::api::json::{Field, FromJson, JsonError, Problem};
use crate::api::jwt;
use crate::api::{ApiError, ErrorSource};
use crate::password_policy::NewPassword;
use crate::resource_id::ResourceId;
use crate::retry::RetryAfter;
use crate::secret::Secret;
use crate::unicode::Unicode;

/// The result of one submit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetOutcome {
    /// The password was changed. Final.
    Done,
    /// The exchange refused the code (any 4xx but 429): expired, already used or wrong. Final; offer a
    /// new link for the same username.
    LinkExpired,
    /// The store refused the page's own implicit token (401, 403, another 4xx or an unreadable answer)
    /// before the code was sent: the link is still good, so submitting again may work.
    TokenRefused {
        /// The refusal, for the console.
        error: ApiError,
    },
    /// The member belongs to no account (`data` empty), so there is no token to reset with. Final.
    NoAccount,
    /// The update answered 403: the store's `account_member_self_management` is not `update_only`. Final.
    SelfManagementDisabled,
    /// The credential could not be found: the list answered 401/403 or offered no unambiguous entry (see
    /// [`credential::choose`]), or the update answered 404. Final.
    LinkIncomplete,
    /// No realm from the link, the token or configuration. Final; a configuration problem.
    NoRealm,
    /// The update answered 400/422 about the password: the server refused this password. The token is
    /// kept; the shopper may choose another password and submit again.
    Rejected,
    /// The update answered 400/422 for another reason than the password. The token is kept; submitting
    /// again repeats the update (never the exchange).
    UpdateRefused {
        /// The refusal, for the console.
        error: ApiError,
    },
    /// Network, timeout, 5xx or 429. Whatever succeeded is kept; submitting again repeats the rest.
    Transient {
        /// The failure.
        error: ApiError,
        /// The server's `Retry-After`, when readable (429 only).
        retry_after: Option<RetryAfter>,
    },
    /// Anything else (an unreadable exchange answer, 401 on the update, …). Final.
    Failed {
        /// The failure, for the console.
        error: ApiError,
    },
}

impl ResetOutcome {
    /// Whether the flow is over (nothing more will be sent, the token is gone).
    pub fn is_final(&self) -> bool {
        !matches!(
            self,
            Self::Rejected | Self::UpdateRefused { .. } | Self::TokenRefused { .. } | Self::Transient { .. }
        )
    }

    fn transient(error: ApiError) -> Self {
        Self::Transient { error, retry_after: error.retry_after() }
    }
}

/// What survives between submits.
#[derive(Debug, Clone)]
enum Stage {
    Ready,
    Exchanged(Session),
    Finished(ResetOutcome),
}

/// The result of a successful exchange.
#[derive(Debug, Clone)]
struct Session {
    am_token: Secret<String>,
    uai: ResourceId,
    realm: ResourceId,
    credential: Option<Credential>,
}

/// One reset, from the page's first submit to a final outcome.
///
/// Methods take `&self`, so a session can keep the flow in a shared handle between submits; it must not
/// start a second [`Self::submit`] while one runs (the session's guard sees to that).
#[derive(Debug)]
pub struct ResetFlow {
    target: ResetTarget,
    unicode: Unicode,
    stage: RefCell<Stage>,
    transient_failures: Cell<u32>,
    update_refusals: Cell<u32>,
}

/// How many updates in a row a refusal that is not about the password may meet before the reset ends.
const UPDATE_REFUSAL_TRIES: u32 = 3;

impl ResetFlow {
    /// A flow for `target`, matching usernames ignoring case by `unicode`; nothing is sent until
    /// [`Self::submit`].
    pub fn new(target: ResetTarget, unicode: Unicode) -> Self {
        Self {
            target,
            unicode,
            stage: RefCell::new(Stage::Ready),
            transient_failures: Cell::new(0),
            update_refusals: Cell::new(0),
        }
    }

    /// The username, e.g. to request a new link after [`ResetOutcome::LinkExpired`].
    pub fn username(&self) -> &str {
        &self.target.username
    }

    /// Whether the code has been exchanged and the token is kept: a retry continues from there, and
    /// needs no new code.
    pub fn is_exchanged(&self) -> bool {
        matches!(*self.stage.borrow(), Stage::Exchanged(_))
    }

    /// How many submits in a row ended [`ResetOutcome::Transient`] (the attempt number for backoff).
    pub fn transient_failures(&self) -> u32 {
        self.transient_failures.get()
    }

    /// Sets `password` (already accepted by the policy), continuing from wherever the last submit stopped.
    pub async fn submit(&self, api: &impl EpApi, password: &NewPassword) -> ResetOutcome {
        // Cloned out so no `RefCell` borrow is held across an await.
        let stage = self.stage.borrow().clone();
        let mut session = match stage {
            Stage::Finished(outcome) => return outcome,
            Stage::Exchanged(session) => session,
            Stage::Ready => match self.exchange(api).await {
                Ok(session) => session,
                Err(outcome) => return self.settle(outcome, None),
            },
        };
        let outcome = self.update(api, &mut session, password).await;
        self.settle(outcome, Some(session))
    }

    /// Records `outcome`: final outcomes drop the session (and its token); others keep it.
    fn settle(&self, outcome: ResetOutcome, session: Option<Session>) -> ResetOutcome {
        // A store that keeps refusing for a reason the shopper cannot change ends the reset rather than
        // offering "Try again" for ever.
        let outcome = match outcome {
            ResetOutcome::UpdateRefused { error }
                if self.update_refusals.get() + 1 >= UPDATE_REFUSAL_TRIES =>
            {
                ResetOutcome::Failed { error }
            }
            other => other,
        };
        let refusals = match outcome {
            ResetOutcome::UpdateRefused { .. } => self.update_refusals.get() + 1,
            _ => 0,
        };
        self.update_refusals.set(refusals);
        let failures = if matches!(outcome, ResetOutcome::Transient { .. }) {
            self.transient_failures.get().saturating_add(1)
        } else {
            0
        };
        self.transient_failures.set(failures);
        let next = match (outcome.is_final(), session) {
            (true, _) => Stage::Finished(outcome),
            (false, Some(session)) => Stage::Exchanged(session),
            (false, None) => Stage::Ready,
        };
        *self.stage.borrow_mut() = next;
        outcome
    }

    async fn exchange(&self, api: &impl EpApi) -> Result<Session, ResetOutcome> {
        // The implicit token first (the cached one, usually): a refusal of it says nothing about the code,
        // which is then never sent, so it must not read as an expired link.
        match api.implicit_token().await {
            Ok(_) => {}
            Err(error) if error.is_transient() => return Err(ResetOutcome::transient(error)),
            Err(error) => return Err(ResetOutcome::TokenRefused { error }),
        }
        let target = &self.target;
        match api.exchange_otp(&target.password_profile_id, &target.username, &target.otp).await {
            Ok(response) => self.session_from(&response),
            Err(error @ (ApiError::Malformed | ApiError::Unreadable(_))) => {
                Err(ResetOutcome::Failed { error })
            }
            Err(error) if error.is_transient() => Err(ResetOutcome::transient(error)),
            // Any other 4xx: expired, used or wrong. Never matched on the detail text, never retried here.
            Err(_) => Err(ResetOutcome::LinkExpired),
        }
    }

    fn session_from(&self, response: &AmTokenResponse) -> Result<Session, ResetOutcome> {
        let unreadable = |problem| {
            let error = JsonError { answer: AmTokenResponse::ANSWER, field: Field::AccountMemberId, problem };
            ResetOutcome::Failed { error: ApiError::Unreadable(error) }
        };
        let am_token = response.first_token().ok_or(ResetOutcome::NoAccount)?.clone();
        let claims = jwt::claims(am_token.expose()).unwrap_or_default();
        let uai = response
            .account_member_id()
            .or(claims.sub.as_deref())
            .ok_or(unreadable(Problem::Missing))
            .and_then(|id| ResourceId::parse(id).ok_or(unreadable(Problem::NotAnId)))?;
        let realm = self
            .target
            .link_realm
            .clone()
            .or_else(|| claims.realm_id.as_deref().and_then(ResourceId::parse))
            .or_else(|| self.target.config_realm.clone())
            .ok_or(ResetOutcome::NoRealm)?;
        let credential =
            self.target.uappi_id.clone().map(|id| Credential { id, username: self.target.username.clone() });
        Ok(Session { am_token, uai, realm, credential })
    }

    async fn update(&self, api: &impl EpApi, session: &mut Session, password: &NewPassword) -> ResetOutcome {
        let credential = match &session.credential {
            Some(credential) => credential.clone(),
            None => match self.find_credential(api, session).await {
                Ok(credential) => {
                    session.credential = Some(credential.clone());
                    credential
                }
                Err(outcome) => return outcome,
            },
        };
        let body = PasswordUpdateBody::new(
            &credential.id,
            &self.target.password_profile_id,
            &credential.username,
            password.secret(),
        );
        match api
            .update_password(&session.realm, &session.uai, &credential.id, &body, &session.am_token)
            .await
        {
            Ok(()) => ResetOutcome::Done,
            Err(ApiError::Forbidden) => ResetOutcome::SelfManagementDisabled,
            Err(ApiError::Client { status: 400 | 422, source: ErrorSource::Password })
            | Err(ApiError::Client { status: 400, source: ErrorSource::Unnamed }) => ResetOutcome::Rejected,
            Err(error @ ApiError::Client { status: 400 | 422, .. }) => ResetOutcome::UpdateRefused { error },
            Err(ApiError::NotFound) => ResetOutcome::LinkIncomplete,
            Err(error) if error.is_transient() => ResetOutcome::transient(error),
            Err(error) => ResetOutcome::Failed { error },
        }
    }

    async fn find_credential(&self, api: &impl EpApi, session: &Session) -> Result<Credential, ResetOutcome> {
        match api.list_password_profile_infos(&session.realm, &session.uai, &session.am_token).await {
            Ok(list) => credential::choose(
                &list,
                &self.target.password_profile_id,
                &self.target.username,
                self.unicode,
            )
            .ok_or(ResetOutcome::LinkIncomplete),
            Err(ApiError::Unauthorized | ApiError::Forbidden) => Err(ResetOutcome::LinkIncomplete),
            Err(error) if error.is_transient() => Err(ResetOutcome::transient(error)),
            Err(error) => Err(ResetOutcome::Failed { error }),
        }
    }
}

#[cfg(test)]
mod tests;
