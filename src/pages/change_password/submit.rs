//! One submit of the change-password form: final policy check, then [`ResetFlow`] (exchange once, then set
//! the password). The flow is kept between submits while it holds an account-management token, so "Try
//! again" repeats only the failed steps.

use std::cell::RefCell;
use std::rc::Rc;

use ep_reset_core::flows::ConfiguredIds;
use ep_reset_core::flows::discovery::DiscoveryError;
use ep_reset_core::flows::in_flight::InFlight;
use ep_reset_core::flows::reset_flow::{ResetFlow, ResetOutcome, ResetSetupError, ResetState, ResetTarget};
use ep_reset_core::password_policy::{PasswordInput, PasswordPolicy, PolicyReport};
use ep_reset_core::reset_link::{LinkIds, ResetLink};
use ep_reset_core::secret::Secret;

use crate::common_passwords::CommonList;
use crate::messages::{ChangeText, OwnerHint};
use crate::store::{StoreContext, password_policy};
use crate::time::now_ms;

/// Where the username and code come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credentials {
    /// A valid link, read once and kept in memory only.
    Link(ResetLink),
    /// Typed by the shopper (already checked): the normalised username, the code, and any ids the
    /// address still carries.
    Typed {
        /// The username.
        username: String,
        /// The one-time code.
        code: Secret<String>,
        /// Ids from the address.
        ids: LinkIds,
    },
}

impl Credentials {
    /// The account's username.
    pub fn username(&self) -> &str {
        match self {
            Self::Link(link) => &link.username,
            Self::Typed { username, .. } => username,
        }
    }

    fn ids(&self) -> &LinkIds {
        match self {
            Self::Link(link) => &link.ids,
            Self::Typed { ids, .. } => ids,
        }
    }
}

/// What the form sends to the action: only input the page has already checked.
#[derive(Clone, Debug)]
pub struct SubmitInput {
    /// The policy the form checked with (and showed), checked again with the common-password list.
    pub policy: PasswordPolicy,
    /// Whose password, with which code.
    pub credentials: Credentials,
    /// The new password, exactly as typed.
    pub password: Secret<String>,
    /// The confirmation, exactly as typed.
    pub confirmation: Secret<String>,
}

/// The result of one submit, for the page to render.
#[derive(Clone, Debug, PartialEq)]
pub enum SubmitResult {
    /// The reset flow ran.
    Outcome {
        /// Its outcome.
        outcome: ResetOutcome,
        /// Whether the code has been exchanged (a retry needs no new code).
        exchanged: bool,
        /// After a 429: when "Try again" becomes available (browser clock, epoch ms).
        retry_at_ms: Option<u64>,
        /// The username, for "send me a new link".
        username: String,
    },
    /// The password failed the policy once the common-password list arrived; nothing was sent.
    Invalid(PolicyReport),
    /// The realm or profile could not be determined: a configuration problem.
    NotConfigured(DiscoveryError),
    /// The store's ids could not be read just now (network); nothing was sent.
    IdsUnavailable,
    /// The link names another store's realm or profile.
    LinkConflict,
    /// A submit was already running; this one was ignored.
    Busy,
}

/// Runs submits for one page; keeps the flow (and its token) between them.
pub struct Submitter {
    store: StoreContext,
    common: CommonList,
    text: &'static ChangeText,
    flow: RefCell<Option<Rc<ResetFlow>>>,
    in_flight: InFlight,
}

impl Submitter {
    /// A submitter for the page.
    pub fn new(store: StoreContext, common: CommonList, text: &'static ChangeText) -> Self {
        Self { store, common, text, flow: RefCell::new(None), in_flight: InFlight::new() }
    }

    /// Checks the password once more (with the common list, waiting for it if it is still loading),
    /// then submits through the flow.
    pub async fn run(&self, input: SubmitInput) -> SubmitResult {
        // Taken before the first await, so a second dispatch in the same tick cannot start a second flow.
        let Some(_running) = self.in_flight.try_start() else { return SubmitResult::Busy };
        let list = self.common.settled().await;
        // The profile's own `min_length` may arrive after the form checked: never spend the code on a
        // password the store will refuse as too short.
        let settled = password_policy(self.store.config.min_password_length, Some(self.store.ids().await));
        let policy = if settled.min_len() > input.policy.min_len() { settled } else { input.policy };
        let checked = policy.accept(&PasswordInput {
            password: input.password.expose(),
            confirmation: input.confirmation.expose(),
            username: input.credentials.username(),
            common: list.as_deref(),
        });
        let password = match checked {
            Ok(password) => password,
            Err(report) => return SubmitResult::Invalid(report),
        };
        let flow = match self.flow_for(&input.credentials).await {
            Ok(flow) => flow,
            Err(result) => return result,
        };
        let outcome = flow.submit(&self.store.client, &password).await;
        if let Some(hint) = owner_hint(&outcome) {
            web_sys::console::info_1(&(self.text.owner_hint)(hint).into());
        }
        let retry_at_ms = outcome
            .retry_wait(flow.transient_failures(), js_sys::Math::random())
            .map(|wait| now_ms() + wait.millis());
        SubmitResult::Outcome {
            outcome,
            exchanged: flow.state() == ResetState::Exchanged,
            retry_at_ms,
            username: flow.username().to_owned(),
        }
    }

    /// The flow holding a token if there is one (never exchange twice); otherwise a new flow for what the
    /// shopper submitted now (nothing was exchanged, so nothing is lost).
    async fn flow_for(&self, credentials: &Credentials) -> Result<Rc<ResetFlow>, SubmitResult> {
        let kept = self.flow.borrow().clone();
        if let Some(flow) = kept.filter(|flow| flow.state() == ResetState::Exchanged) {
            return Ok(flow);
        }
        let configured = self.configured_ids(credentials.ids()).await?;
        let target = match credentials {
            Credentials::Link(link) => ResetTarget::from_link(link.clone(), &configured),
            Credentials::Typed { username, code, ids } => {
                ResetTarget::from_typed_code(username, code.expose(), ids.clone(), &configured)
            }
        };
        let target = target.map_err(|error| match error {
            ResetSetupError::Link(_) | ResetSetupError::Code(_) => {
                web_sys::console::info_1(&(self.text.owner_hint)(OwnerHint::LinkConflictsWithConfig).into());
                SubmitResult::LinkConflict
            }
            ResetSetupError::NoPasswordProfile => SubmitResult::NotConfigured(DiscoveryError::NoOtpProfile),
        })?;
        let flow = Rc::new(ResetFlow::new(target));
        *self.flow.borrow_mut() = Some(Rc::clone(&flow));
        Ok(flow)
    }

    /// Configuration's ids, plus the discovered ones when neither the link nor configuration names the
    /// password profile (only then does the submit wait for discovery).
    async fn configured_ids(&self, link: &LinkIds) -> Result<ConfiguredIds, SubmitResult> {
        let config = &self.store.config;
        let configured = ConfiguredIds {
            realm: config.realm_id.clone(),
            password_profile_id: config.password_profile_id.clone(),
        };
        if link.password_profile_id.is_some() || configured.password_profile_id.is_some() {
            return Ok(configured);
        }
        match self.store.ids().await {
            Ok(found) => Ok(ConfiguredIds {
                realm: configured.realm.or(Some(found.realm)),
                password_profile_id: Some(found.password_profile_id),
            }),
            Err(DiscoveryError::Unavailable(_)) => {
                self.store.retry_ids();
                Err(SubmitResult::IdsUnavailable)
            }
            Err(error) => Err(SubmitResult::NotConfigured(error)),
        }
    }
}

/// The console hint for an outcome the store owner can fix.
fn owner_hint(outcome: &ResetOutcome) -> Option<OwnerHint> {
    match outcome {
        ResetOutcome::UpdateRefused { .. } => Some(OwnerHint::UpdateRefused),
        ResetOutcome::NoAccount => Some(OwnerHint::NoAccount),
        ResetOutcome::SelfManagementDisabled => Some(OwnerHint::SelfManagementDisabled),
        ResetOutcome::LinkIncomplete => Some(OwnerHint::LinkIncomplete),
        ResetOutcome::NoRealm => Some(OwnerHint::NoRealm),
        ResetOutcome::Failed { .. } => Some(OwnerHint::Failed),
        _ => None,
    }
}
