//! The change-password page: how it started (a link, or a code to type), the form's checks, one submit
//! at a time through [`ResetFlow`] (kept while it holds an account-management token, so "Try again"
//! repeats only the failed steps), and the one [`ChangeView`] the page renders.

mod start;

pub use start::Start;

use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;

use super::Host;
use super::link_request::{LinkRequestOutcome, LinkRequestView, LinkRequester, LinkSentence};
use crate::breach::{BreachCheck, BreachOutcome};
use crate::flows::discovery::{Discovered, DiscoveryError, password_policy};
use crate::flows::in_flight::{InFlight, Running};
use crate::flows::owner_hint::OwnerHint;
use crate::flows::reset_flow::{
    FinalReason, Notice, ResetFlow, ResetOutcome, ResetSetupError, ResetTarget, Screen,
};
use crate::flows::{ConfiguredIds, EpApi};
use crate::password_policy::{
    CheckState, CommonCheck, CommonPasswords, PasswordInput, PasswordPolicy, PolicyReport, Requirement,
};
use crate::reset_link::{InvalidReason, LinkIds, parse_one_time_code};
use crate::secret::Secret;
use crate::unicode::Unicode;
use crate::username::{UsernameError, UsernameFormat, normalise};

/// What the shopper typed, exactly as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormInput {
    /// The username (typed-code path only; a link brings its own).
    pub username: String,
    /// The one-time code (typed-code path only).
    pub code: String,
    /// The new password.
    pub password: Secret<String>,
    /// Its confirmation.
    pub confirmation: Secret<String>,
}

/// What is wrong with the input, once the shopper has tried to submit (before that, nothing is).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors {
    /// The typed username.
    pub username: Option<UsernameError>,
    /// The typed code.
    pub code: Option<InvalidReason>,
    /// The first requirement the new password misses (its confirmation aside).
    pub password: Option<Requirement>,
    /// The confirmation differs from the password.
    pub confirmation: bool,
}

/// What pressing "Change password" did.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // One per press, moved once: a box would cost more than it saves.
pub enum Submit {
    /// Nothing: a submit is running, or the wait after a 429 is not over.
    Ignored,
    /// Nothing sent: the input needs fixing ([`ResetSession::field_errors`] says what).
    FixInput,
    /// Checked and ready to send: [`Submission::send`] it, then hand its answer to
    /// [`ResetSession::submitted`].
    Go(Submission),
}

/// A checked submit, holding the session's one-at-a-time guard until its answer is applied. It carries
/// what it needs from the session, so no borrow of the session waits on the network.
#[derive(Debug)]
pub struct Submission {
    running: Running,
    credentials: Credentials,
    password: Secret<String>,
    confirmation: Secret<String>,
    configured: ConfiguredIds,
    configured_min: u32,
    unicode: Unicode,
    /// The flow of an earlier submit, kept while it holds a token (never exchange twice).
    kept: Option<Rc<ResetFlow>>,
    /// Which page showing it started in (see [`ResetSession::page_hidden`]).
    shown: u32,
    /// The breach check, when it is on (shared, so what it learnt outlives the submit).
    breach: Option<Rc<BreachCheck>>,
}

/// How a [`Submission`] ended, for [`ResetSession::submitted`].
#[derive(Debug)]
pub struct Submitted {
    _running: Running,
    answer: Answer,
    /// The flow that ran, if one did.
    flow: Option<Rc<ResetFlow>>,
    shown: u32,
    now_ms: u64,
    random: f64,
    /// What the breach check found, if it ran.
    breach: Option<BreachOutcome>,
}

#[derive(Clone, Debug)]
enum Credentials {
    Link(crate::reset_link::ResetLink),
    Typed { username: String, code: Secret<String>, ids: LinkIds },
}

impl Credentials {
    fn username(&self) -> &str {
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

/// The breach check's line on the page, when the check is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BreachLine {
    /// Checked when the shopper submits (nothing found so far).
    AtSubmit,
    /// The password in the field was refused: it has appeared in a data breach.
    Breached,
    /// The service could not be reached at the last submit, which went on: only the built-in list of
    /// common passwords was checked.
    Unchecked,
}

/// How the last submit ended.
#[derive(Clone, Debug, PartialEq)]
enum Answer {
    /// The reset flow ran.
    Flow { outcome: ResetOutcome, exchanged: bool, username: String },
    /// The password failed the policy once the common-password list arrived; nothing was sent.
    Invalid,
    /// The breach check found this password; nothing was sent to the store.
    Breached(Secret<String>),
    /// The store's ids could not be read just now (network); nothing was sent.
    IdsUnavailable,
    /// The link names another store's realm or profile.
    LinkConflict,
    /// The realm or profile could not be determined: a configuration problem.
    NotConfigured(DiscoveryError),
}

/// What the change-password page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeView {
    /// The form, input kept through every failure.
    Form(FormView),
    /// The password was changed: the form is gone (so password managers offer to save it).
    Done,
    /// The code was expired, used or wrong: one button e-mails a new link to the same username.
    Expired(ExpiredView),
    /// The reset cannot go on; the reason decides the words and whether a new link is offered.
    Final(FinalReason),
    /// The store's realm or profile could not be determined: a configuration problem.
    NotConfigured(DiscoveryError),
}

impl ChangeView {
    /// Which screen it is, which decides the page's heading.
    pub fn screen(&self) -> Screen {
        match self {
            Self::Form(_) => Screen::Form,
            Self::Done => Screen::Done,
            Self::Expired(_) => Screen::LinkExpired,
            Self::Final(reason) => Screen::Final(*reason),
            Self::NotConfigured(_) => Screen::NotConfigured,
        }
    }
}

/// The form's parts that depend on the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormView {
    /// A link's account, or the typed-code path (and whether a link was there but unusable).
    pub start: FormStart,
    /// The code was exchanged: the username and code can no longer change.
    pub exchanged: bool,
    /// The notice over the form after a failed submit.
    pub notice: Option<FormNotice>,
    /// The submit button.
    pub button: SubmitButton,
}

/// How the form started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormStart {
    /// From a usable link, for this account.
    Link {
        /// The link's username.
        username: String,
    },
    /// The shopper types the code (and the username).
    Typed {
        /// A link was there but could not be used.
        broken: bool,
    },
}

/// The notice over a kept form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormNotice {
    /// What went wrong.
    pub notice: Notice,
    /// After a 429: seconds left of the wait (at least 1 while the notice shows).
    pub wait_secs: u64,
    /// The code was accepted before the failure: trying again needs no new link.
    pub code_accepted: bool,
}

/// The submit button. [`Self::Submitting`] and [`Self::WaitSecs`] are disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubmitButton {
    /// "Change password".
    Submit,
    /// "Changing your password…".
    Submitting,
    /// "Try again", after a failure that can be retried.
    TryAgain,
    /// "Try again in N s", during the wait after a 429.
    WaitSecs(u64),
}

impl SubmitButton {
    /// Whether pressing it does nothing now.
    pub fn disabled(self) -> bool {
        matches!(self, Self::Submitting | Self::WaitSecs(_))
    }
}

/// The expired view's parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiredView {
    /// The username the new link is for.
    pub username: String,
    /// The "Send me a new link" widget.
    pub link: LinkRequestView,
    /// A new link was sent: offer to type the code from the new e-mail right here.
    pub code_entry: bool,
}

/// What the page's polite live region says, once per change, never per countdown tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeAnnouncement {
    /// The notice over the form (with the wait as it started).
    Notice(FormNotice),
    /// Success: heading and body.
    Done,
    /// The expired view's answer to "Send me a new link".
    Link(LinkSentence),
    /// The new view's heading.
    Heading(Screen),
}

/// Where focus goes after a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeFocus {
    /// The new view's heading.
    Heading,
    /// The notice over the kept form.
    Notice,
    /// The first field to fix.
    FirstInvalid,
    /// The first field still empty (after switching to the typed code: the code, when the username and
    /// the password are kept).
    FirstField,
}

/// The change-password page's state between events. It changes only through `&mut self`: the page
/// holds it in a model that tells the views of every change.
#[derive(Debug)]
pub struct ResetSession {
    configured: ConfiguredIds,
    configured_min: u32,
    unicode: Unicode,
    running: InFlight,
    breach: Option<Rc<BreachCheck>>,
    state: State,
}

#[derive(Debug)]
struct State {
    start: Start,
    flow: Option<Rc<ResetFlow>>,
    answer: Option<Answer>,
    answered_at_ms: u64,
    retry_at_ms: Option<u64>,
    attempted: bool,
    /// How many times the page was hidden: a flow that started before is not kept.
    hidden: u32,
    link_answer: Option<(LinkRequestOutcome, u64)>,
    /// The breach check could not be made at the last submit that ran it.
    breach_unchecked: bool,
}

impl ResetSession {
    /// A page that started as `start`, for a store configured with `configured` ids and a minimum
    /// password length of `configured_min`, comparing and lower-casing text by `unicode`.
    pub fn new(start: Start, configured: ConfiguredIds, configured_min: u32, unicode: Unicode) -> Self {
        let state = State {
            start,
            flow: None,
            answer: None,
            answered_at_ms: 0,
            retry_at_ms: None,
            attempted: false,
            hidden: 0,
            link_answer: None,
            breach_unchecked: false,
        };
        let running = InFlight::default();
        Self { configured, configured_min, unicode, running, breach: None, state }
    }

    /// The same session with the breach check on against the range API at `url` (`None`: off), as the
    /// `breach-check` attribute says.
    pub fn with_breach_check(mut self, url: Option<String>) -> Self {
        self.breach = url.map(|url| Rc::new(BreachCheck::new(url)));
        self
    }

    /// The breach check's line for `input`, when the check is on.
    pub fn breach_line(&self, input: &FormInput) -> Option<BreachLine> {
        self.breach.as_ref()?;
        Some(if self.state.is_refused(input) {
            BreachLine::Breached
        } else if self.state.breach_unchecked {
            BreachLine::Unchecked
        } else {
            BreachLine::AtSubmit
        })
    }

    /// The password checks for `input` (against the link's username, or the typed one).
    pub fn evaluate(
        &self,
        policy: &PasswordPolicy,
        input: &FormInput,
        common: CommonCheck<'_>,
    ) -> PolicyReport {
        let state = &self.state;
        let username = match &state.start {
            Start::Link(link) => link.username.as_str(),
            Start::Typed { .. } => input.username.as_str(),
        };
        policy.evaluate(&PasswordInput {
            password: input.password.expose(),
            confirmation: input.confirmation.expose(),
            username,
            common,
            unicode: self.unicode,
        })
    }

    /// What is wrong with `input` given its `report`, once the shopper has tried to submit.
    pub fn field_errors(
        &self,
        input: &FormInput,
        report: &PolicyReport,
        format: UsernameFormat,
    ) -> FieldErrors {
        let state = &self.state;
        if !state.attempted {
            return FieldErrors::default();
        }
        let typed = matches!(state.start, Start::Typed { .. });
        let breached = state.is_refused(input).then_some(Requirement::NotBreached);
        FieldErrors {
            username: typed.then(|| normalise(&input.username, format, self.unicode).err()).flatten(),
            code: typed.then(|| parse_one_time_code(&input.code).err()).flatten(),
            password: report
                .requirements()
                .into_iter()
                .find(|(r, s)| *r != Requirement::MatchesConfirmation && *s == CheckState::Unmet)
                .map(|(requirement, _)| requirement)
                .or(breached),
            confirmation: report.matches_confirmation == CheckState::Unmet,
        }
    }

    /// The shopper pressed "Change password" at `now_ms` with `input` and its live `report`.
    pub fn start_submit(
        &mut self,
        input: &FormInput,
        report: &PolicyReport,
        format: UsernameFormat,
        now_ms: u64,
    ) -> Submit {
        let state = &mut self.state;
        if state.retry_at_ms.is_some_and(|at| at > now_ms) {
            return Submit::Ignored;
        }
        let Some(running) = self.running.try_start() else { return Submit::Ignored };
        state.attempted = true;
        let credentials = match &state.start {
            Start::Link(link) => Some(Credentials::Link(link.clone())),
            Start::Typed { ids, .. } => {
                match (normalise(&input.username, format, self.unicode), parse_one_time_code(&input.code)) {
                    (Ok(username), Ok(code)) => Some(Credentials::Typed {
                        username: username.as_str().to_owned(),
                        code,
                        ids: ids.clone(),
                    }),
                    _ => None,
                }
            }
        };
        match credentials.filter(|_| report.is_acceptable()) {
            Some(credentials) => Submit::Go(Submission {
                running,
                credentials,
                password: input.password.clone(),
                confirmation: input.confirmation.clone(),
                configured: self.configured.clone(),
                configured_min: self.configured_min,
                unicode: self.unicode,
                kept: state.flow.clone().filter(|flow| flow.is_exchanged()),
                shown: state.hidden,
                breach: self.breach.clone(),
            }),
            None => Submit::FixInput,
        }
    }

    /// The answer to a submit: kept, with the wait before "Try again" when the flow asks for one.
    pub fn submitted(&mut self, submitted: Submitted) {
        let Submitted { answer, flow, shown, now_ms, random, breach, .. } = submitted;
        let state = &mut self.state;
        if let Some(outcome) = breach {
            state.breach_unchecked = matches!(outcome, BreachOutcome::Unchecked(_));
        }
        state.retry_at_ms = match (&answer, &flow) {
            (Answer::Flow { outcome, .. }, Some(flow)) => {
                outcome.retry_wait(flow.transient_failures(), random).map(|wait| now_ms + wait.millis())
            }
            _ => None,
        };
        // A flow that ran while the page was hidden keeps no token for a "Try again".
        if let Some(flow) = flow.filter(|_| shown == state.hidden) {
            state.flow = Some(flow);
        }
        state.answer = Some(answer);
        state.answered_at_ms = now_ms;
    }
    /// The page is being hidden (`pagehide`: the shopper leaves, or the tab goes into the back-forward
    /// cache): the account-management token is dropped. Should the page come back, "Try again" starts
    /// over from the link, whose code is spent by then, so the shopper is offered a new link.
    pub fn page_hidden(&mut self) {
        self.state.flow = None;
        self.state.hidden += 1;
    }

    /// Whether the password was changed: the page then forgets the typed passwords.
    pub fn is_done(&self) -> bool {
        matches!(self.state.answer, Some(Answer::Flow { outcome: ResetOutcome::Done, .. }))
    }

    /// "Enter the code from the new e-mail": back to the form, typing the code, for the expired link's
    /// username (returned, to prefill the field); what was answered before is dismissed.
    pub fn enter_code(&mut self) -> String {
        let state = &mut self.state;
        let username = match &state.answer {
            Some(Answer::Flow { username, .. }) => username.clone(),
            _ => String::new(),
        };
        let ids = match &state.start {
            Start::Link(link) => link.ids.clone(),
            Start::Typed { ids, .. } => ids.clone(),
        };
        state.start = Start::Typed { username: Some(username.clone()), ids, broken: false };
        state.answer = None;
        state.retry_at_ms = None;
        state.attempted = false;
        state.link_answer = None;
        username
    }

    /// The expired view's "Send me a new link": takes `requester`'s one-at-a-time guard, and names the
    /// expired link's username. `None` while a request runs, or when no link expired.
    pub fn start_link_request(&mut self, requester: &LinkRequester) -> Option<(Running, String)> {
        let username = match &self.state.answer {
            Some(Answer::Flow { outcome, username, .. }) if outcome.screen() == Screen::LinkExpired => {
                username.clone()
            }
            _ => return None,
        };
        Some((requester.try_start()?, username))
    }

    /// The expired view's "Send me a new link" was answered at `now_ms`.
    pub fn link_answered(&mut self, outcome: LinkRequestOutcome, now_ms: u64) {
        self.state.link_answer = Some((outcome, now_ms));
    }

    /// The username a typed-code form starts with (from the link, even a broken one).
    pub fn typed_username(&self) -> Option<String> {
        match &self.state.start {
            Start::Typed { username, .. } => username.clone(),
            Start::Link(_) => None,
        }
    }

    /// What the page shows at `now_ms`; `link_sending` while the expired view's request runs.
    pub fn view(&self, link_sending: bool, now_ms: u64) -> ChangeView {
        self.state.view(self.running.is_busy(), link_sending, now_ms)
    }

    /// What the live region says about the latest change (the wait counted when the answer came).
    pub fn announcement(&self) -> Option<ChangeAnnouncement> {
        let state = &self.state;
        Some(match state.view(false, false, state.answered_at_ms) {
            ChangeView::Form(form) => ChangeAnnouncement::Notice(form.notice?),
            ChangeView::Done => ChangeAnnouncement::Done,
            ChangeView::Expired(_) => match state.link_answer {
                Some((outcome, at)) => match LinkRequestView::new(Some(&outcome), false, at).sentence {
                    Some(sentence) => ChangeAnnouncement::Link(sentence),
                    None => ChangeAnnouncement::Heading(Screen::LinkExpired),
                },
                None => ChangeAnnouncement::Heading(Screen::LinkExpired),
            },
            view => ChangeAnnouncement::Heading(view.screen()),
        })
    }

    /// Where focus goes after the latest change (an answer, or switching to the typed code): the page
    /// moves it once it has applied that change.
    pub fn focus(&self) -> ChangeFocus {
        let state = &self.state;
        match (state.view(false, false, state.answered_at_ms), &state.answer) {
            (ChangeView::Form(_), Some(Answer::Invalid | Answer::Breached(_))) => ChangeFocus::FirstInvalid,
            (ChangeView::Form(_), Some(_)) => ChangeFocus::Notice,
            (ChangeView::Form(_), None) => ChangeFocus::FirstField,
            _ => ChangeFocus::Heading,
        }
    }
}

impl Submission {
    /// Sends it: the password is checked once more with the common-password list (`common`
    /// waits for it, bounded) and the password profile's `min_length` (`ids` resolves to what discovery
    /// found, waiting for it if it still runs), then the flow runs, exchanging the code only if it has
    /// not been yet. `policy` is the one the form checked with.
    pub async fn send(
        self,
        api: &impl EpApi,
        host: &impl Host,
        policy: &PasswordPolicy,
        common: impl Future<Output = Option<Arc<CommonPasswords>>>,
        ids: impl Future<Output = Result<Discovered, DiscoveryError>>,
    ) -> Submitted {
        let (answer, flow, breach) = self.run(api, host, policy, common, ids).await;
        let (now_ms, random) = (host.now_ms(), host.random());
        Submitted { _running: self.running, answer, flow, shown: self.shown, now_ms, random, breach }
    }

    async fn run(
        &self,
        api: &impl EpApi,
        host: &impl Host,
        policy: &PasswordPolicy,
        common: impl Future<Output = Option<Arc<CommonPasswords>>>,
        ids: impl Future<Output = Result<Discovered, DiscoveryError>>,
    ) -> (Answer, Option<Rc<ResetFlow>>, Option<BreachOutcome>) {
        let list = common.await;
        let discovered = ids.await;
        // The profile's own `min_length` may arrive after the form checked: never spend the code on a
        // password the store will refuse as too short.
        let settled = password_policy(self.configured_min, discovered.as_ref().ok());
        let policy = if settled.min_len() > policy.min_len() { &settled } else { policy };
        let checked = policy.accept(&PasswordInput {
            password: self.password.expose(),
            confirmation: self.confirmation.expose(),
            username: self.credentials.username(),
            // A list that did not arrive in time leaves the built-in one.
            common: list.as_deref().map_or(CommonCheck::BuiltInOnly, CommonCheck::Full),
            unicode: self.unicode,
        });
        let Ok(password) = checked else { return (Answer::Invalid, None, None) };
        // Before anything reaches the store: a breached password never spends the code.
        let breach = match &self.breach {
            Some(check) => Some(check.check(host, password.secret()).await),
            None => None,
        };
        match breach {
            Some(BreachOutcome::Breached { .. }) => {
                return (Answer::Breached(password.secret().clone()), None, breach);
            }
            Some(BreachOutcome::Unchecked(why)) => host.hint(OwnerHint::BreachCheckUnreachable(why)),
            _ => {}
        }
        let flow = match self.flow_for(host, discovered) {
            Ok(flow) => flow,
            Err(answer) => return (answer, None, breach),
        };
        let outcome = flow.submit(api, &password).await;
        if let Some(hint) = owner_hint(&outcome) {
            host.hint(hint);
        }
        let (exchanged, username) = (flow.is_exchanged(), flow.username().to_owned());
        (Answer::Flow { outcome, exchanged, username }, Some(flow), breach)
    }

    /// The flow holding a token if there is one (never exchange twice); otherwise a new flow for what
    /// the shopper submitted now (nothing was exchanged, so nothing is lost).
    fn flow_for(
        &self,
        host: &impl Host,
        discovered: Result<Discovered, DiscoveryError>,
    ) -> Result<Rc<ResetFlow>, Answer> {
        if let Some(flow) = &self.kept {
            return Ok(Rc::clone(flow));
        }
        let credentials = &self.credentials;
        let configured = self.configured_ids(credentials.ids(), discovered)?;
        let target = match credentials {
            Credentials::Link(link) => ResetTarget::from_link(link.clone(), &configured),
            Credentials::Typed { username, code, ids } => {
                ResetTarget::from_typed_code(username, code.expose(), ids.clone(), &configured)
            }
        };
        let target = target.map_err(|error| match error {
            ResetSetupError::Link(_) | ResetSetupError::Code(_) => {
                host.hint(OwnerHint::LinkConflictsWithConfig);
                Answer::LinkConflict
            }
            ResetSetupError::NoPasswordProfile => Answer::NotConfigured(DiscoveryError::NoOtpProfile),
        })?;
        Ok(Rc::new(ResetFlow::new(target, self.unicode)))
    }

    /// Configuration's ids, plus the discovered ones when neither the link nor configuration names the
    /// password profile (only then does a failed discovery stop the submit).
    fn configured_ids(
        &self,
        link: &LinkIds,
        discovered: Result<Discovered, DiscoveryError>,
    ) -> Result<ConfiguredIds, Answer> {
        let configured = self.configured.clone();
        if link.password_profile_id.is_some() || configured.password_profile_id.is_some() {
            return Ok(configured);
        }
        match discovered {
            Ok(found) => Ok(ConfiguredIds {
                realm: configured.realm.or(Some(found.realm)),
                password_profile_id: Some(found.password_profile_id),
            }),
            Err(DiscoveryError::Unavailable(_)) => Err(Answer::IdsUnavailable),
            Err(error) => Err(Answer::NotConfigured(error)),
        }
    }
}

impl State {
    /// Whether `input`'s password is the one the breach check refused at the last submit.
    fn is_refused(&self, input: &FormInput) -> bool {
        matches!(&self.answer, Some(Answer::Breached(refused)) if refused.expose() == input.password.expose())
    }

    fn view(&self, submitting: bool, link_sending: bool, now_ms: u64) -> ChangeView {
        let outcome = match &self.answer {
            None | Some(Answer::Invalid | Answer::Breached(_) | Answer::IdsUnavailable) => None,
            Some(Answer::LinkConflict) => return ChangeView::Final(FinalReason::LinkIncomplete),
            Some(Answer::NotConfigured(error)) => return ChangeView::NotConfigured(*error),
            Some(Answer::Flow { outcome, username, .. }) => match outcome.screen() {
                Screen::Form => Some(outcome),
                Screen::Done => return ChangeView::Done,
                Screen::LinkExpired => {
                    let link_answer = self.link_answer.as_ref().map(|(outcome, _)| outcome);
                    return ChangeView::Expired(ExpiredView {
                        username: username.clone(),
                        link: LinkRequestView::new(link_answer, link_sending, now_ms),
                        code_entry: link_answer.is_some_and(LinkRequestOutcome::is_sent),
                    });
                }
                Screen::Final(reason) => return ChangeView::Final(reason),
                Screen::NotConfigured => return ChangeView::NotConfigured(DiscoveryError::NoRealm),
            },
        };
        let exchanged = matches!(self.answer, Some(Answer::Flow { exchanged: true, .. }));
        let wait_secs = self.retry_at_ms.map_or(0, |at| super::secs_until(at, now_ms));
        let notice = match (&self.answer, outcome) {
            (Some(Answer::IdsUnavailable), _) => Some((Notice::Network, false)),
            (_, Some(outcome)) => outcome.notice().map(|notice| (notice, exchanged)),
            _ => None,
        }
        .and_then(|(notice, exchanged)| match notice {
            Notice::RateLimited if wait_secs == 0 => None,
            Notice::Rejected => Some(FormNotice { notice, wait_secs, code_accepted: false }),
            notice => Some(FormNotice { notice, wait_secs, code_accepted: exchanged }),
        });
        let retrying = matches!(&self.answer, Some(Answer::IdsUnavailable))
            || outcome.is_some_and(|outcome| outcome.notice().is_some());
        let button = if submitting {
            SubmitButton::Submitting
        } else if wait_secs > 0 {
            SubmitButton::WaitSecs(wait_secs)
        } else if retrying {
            SubmitButton::TryAgain
        } else {
            SubmitButton::Submit
        };
        let start = match &self.start {
            Start::Link(link) => FormStart::Link { username: link.username.clone() },
            Start::Typed { broken, .. } => FormStart::Typed { broken: *broken },
        };
        ChangeView::Form(FormView { start, exchanged, notice, button })
    }
}

/// The console hint for an outcome the store owner can fix.
fn owner_hint(outcome: &ResetOutcome) -> Option<OwnerHint> {
    match outcome {
        ResetOutcome::UpdateRefused { .. } => Some(OwnerHint::UpdateRefused),
        ResetOutcome::TokenRefused { .. } => Some(OwnerHint::ImplicitTokenRefused),
        ResetOutcome::NoAccount => Some(OwnerHint::NoAccount),
        ResetOutcome::SelfManagementDisabled => Some(OwnerHint::SelfManagementDisabled),
        ResetOutcome::LinkIncomplete => Some(OwnerHint::LinkIncomplete),
        ResetOutcome::NoRealm => Some(OwnerHint::NoRealm),
        ResetOutcome::Failed { .. } => Some(OwnerHint::Failed),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
