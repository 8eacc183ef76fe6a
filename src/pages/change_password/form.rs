//! The change-password form: the username for password managers, the code when it has to be typed, the
//! new password twice with its live checklist, and the submit button. Checks everything before sending:
//! invalid input sends nothing and says exactly what to fix; typed values are never cleared.

use ep_reset_core::flows::reset_flow::Notice;
use ep_reset_core::password_policy::{CheckState, PasswordPolicy, PolicyReport, Requirement};
use ep_reset_core::reset_link::parse_one_time_code;
use ep_reset_core::secret::Secret;
use ep_reset_core::username::{UsernameFormat, normalise};
use leptos::html;
use leptos::prelude::*;

use web_sys::SubmitEvent;

use super::link::Start;
use super::submit::{Credentials, SubmitInput, SubmitResult};
use crate::common_passwords::CommonList;
use crate::components::{PasswordField, RequirementsList, StrengthHint, USERNAME_ID, UsernameField};
use crate::focus::focus_within;
use crate::messages::{Messages, use_messages};

pub const CODE_ID: &str = "epr-code";
pub const NEW_PASSWORD_ID: &str = "epr-new-password";
pub const CONFIRM_ID: &str = "epr-confirm-password";
const CODE_HELP_ID: &str = "epr-code-help";
const CODE_ERROR_ID: &str = "epr-code-error";
const REQUIREMENTS_ID: &str = "epr-requirements";
const STRENGTH_ID: &str = "epr-strength";
const PASSWORD_ERROR_ID: &str = "epr-new-password-error";
const CONFIRM_ERROR_ID: &str = "epr-confirm-password-error";
pub const NOTICE_ID: &str = "epr-form-notice";

/// Everything the shopper typed; owned by the page so no view change loses it.
#[derive(Clone, Copy)]
pub struct FormState {
    /// The typed username (typed-code path).
    pub username: RwSignal<String>,
    /// The typed one-time code.
    pub code: RwSignal<String>,
    /// The new password, exactly as typed.
    pub password: RwSignal<String>,
    /// Its confirmation.
    pub confirmation: RwSignal<String>,
    /// Whether the new password is shown.
    pub shown_password: RwSignal<bool>,
    /// Whether the confirmation is shown.
    pub shown_confirmation: RwSignal<bool>,
    /// Whether the shopper has tried to submit (errors show from then on, live).
    pub attempted: RwSignal<bool>,
}

impl FormState {
    /// Empty fields, the username prefilled when known.
    pub fn new(username: Option<String>) -> Self {
        Self {
            username: RwSignal::new(username.unwrap_or_default()),
            code: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            confirmation: RwSignal::new(String::new()),
            shown_password: RwSignal::new(false),
            shown_confirmation: RwSignal::new(false),
            attempted: RwSignal::new(false),
        }
    }
}

/// The form.
#[component]
pub fn ResetForm(
    /// How the page started (link or typed code).
    #[prop(into)]
    start: Signal<Start>,
    /// The fields.
    state: FormState,
    /// The policy (raised once the password profile's `min_length` is known).
    #[prop(into)]
    policy: Signal<PasswordPolicy>,
    /// The live policy report.
    #[prop(into)]
    report: Signal<PolicyReport>,
    /// The username format, for the typed-code path's field.
    #[prop(into)]
    format: Signal<UsernameFormat>,
    /// The common-password list (loaded when a password field is first focused).
    common: CommonList,
    /// The submit action.
    action: Action<SubmitInput, SubmitResult>,
    /// The last submit's result (after any dismissal).
    #[prop(into)]
    result: Signal<Option<SubmitResult>>,
    /// Seconds before "Try again" is allowed (after a 429).
    #[prop(into)]
    rate_wait: Signal<u64>,
) -> impl IntoView {
    let messages = use_messages();
    let text = &messages.change;
    let min = Signal::derive(move || policy.get().min_len());
    let max = Signal::derive(move || policy.get().max_len());
    let passwordrules = Signal::derive(move || policy.get().passwordrules());
    let pending = action.pending();
    let form_ref = NodeRef::<html::Form>::new();
    let typed = move || matches!(start.get(), Start::Typed { .. });
    let exchanged = move || matches!(result.get(), Some(SubmitResult::Outcome { exchanged: true, .. }));
    let attempted = state.attempted;

    let username_error = move || {
        (attempted.get() && typed()).then(|| normalise(&state.username.read(), format.get()).err()).flatten()
    };
    let code_error =
        move || (attempted.get() && typed()).then(|| parse_one_time_code(&state.code.read()).err()).flatten();
    let password_error = move || {
        let report = report.get();
        let unmet = report
            .requirements()
            .into_iter()
            .find(|(requirement, state)| {
                *requirement != Requirement::MatchesConfirmation && *state == CheckState::Unmet
            })
            .map(|(requirement, _)| requirement)?;
        attempted.get().then(|| (text.password_error)(unmet, report.length, min.get(), max.get()))
    };
    let confirm_error = move || {
        (attempted.get() && report.get().matches_confirmation == CheckState::Unmet)
            .then_some(text.mismatch_error)
    };
    let notice = move || result.get().and_then(|result| notice_message(messages, &result, rate_wait.get()));
    let retrying = move || {
        matches!(result.get(), Some(SubmitResult::Outcome { outcome, .. }) if outcome.notice().is_some())
            || matches!(result.get(), Some(SubmitResult::IdsUnavailable))
    };
    let button_label = move || {
        if pending.get() {
            text.submitting.to_owned()
        } else if rate_wait.get() > 0 {
            (messages.common.try_again_in)(rate_wait.get())
        } else if retrying() {
            text.try_again.to_owned()
        } else {
            text.submit_button.to_owned()
        }
    };

    let input = move || -> Option<SubmitInput> {
        let credentials = match start.get_untracked() {
            Start::Link(link) => Credentials::Link(link),
            Start::Typed { ids, .. } => Credentials::Typed {
                username: normalise(&state.username.get_untracked(), format.get_untracked())
                    .ok()?
                    .as_str()
                    .to_owned(),
                code: parse_one_time_code(&state.code.get_untracked()).ok()?,
                ids,
            },
        };
        report.get_untracked().is_acceptable().then(|| SubmitInput {
            policy: policy.get_untracked(),
            credentials,
            password: Secret::new(state.password.get_untracked()),
            confirmation: Secret::new(state.confirmation.get_untracked()),
        })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || rate_wait.get_untracked() > 0 {
            return;
        }
        state.shown_password.set(false);
        state.shown_confirmation.set(false);
        attempted.set(true);
        match input() {
            Some(input) => {
                action.dispatch_local(input);
            }
            None => request_animation_frame(move || {
                focus_within(form_ref, "[aria-invalid=true]");
            }),
        }
    };

    let username_field = move || match start.get() {
        Start::Link(link) => view! {
            // For password managers: the account this password belongs to. Visually hidden, never
            // display:none (browsers ignore those); the visible sentence above names it for everyone.
            <input
                type="text"
                id=USERNAME_ID
                name="username"
                autocomplete="username"
                class="epr-visually-hidden"
                readonly
                tabindex="-1"
                aria-hidden="true"
                value=link.username
            />
        }
        .into_any(),
        Start::Typed { .. } => view! {
            <UsernameField
                format=format
                value=state.username
                error=Signal::derive(username_error)
                readonly=Signal::derive(exchanged)
            />
            <div class="epr-field">
                <label for=CODE_ID>{text.code_label}</label>
                <input
                    id=CODE_ID
                    name="one-time-code"
                    type="text"
                    autocomplete="one-time-code"
                    autocapitalize="none"
                    spellcheck="false"
                    required
                    readonly=exchanged
                    prop:value=state.code
                    on:input:target=move |ev| state.code.set(ev.target().value())
                    aria-invalid=move || code_error().is_some().then_some("true")
                    aria-describedby=move || match code_error() {
                        Some(_) => format!("{CODE_HELP_ID} {CODE_ERROR_ID}"),
                        None => CODE_HELP_ID.to_owned(),
                    }
                />
                <p id=CODE_HELP_ID class="epr-help">{text.code_help}</p>
                <p id=CODE_ERROR_ID class="epr-error" hidden=move || code_error().is_none()>
                    {move || code_error().map(text.code_error)}
                </p>
            </div>
        }
        .into_any(),
    };

    let start_loading = Callback::new(move |()| common.start());
    view! {
        <form class="epr-form" novalidate node_ref=form_ref on:submit=on_submit>
            {username_field}
            <PasswordField
                id=NEW_PASSWORD_ID
                label=text.new_password_label
                value=state.password
                shown=state.shown_password
                described_by=Signal::derive(move || {
                    let error = if password_error().is_some() { PASSWORD_ERROR_ID } else { "" };
                    format!("{REQUIREMENTS_ID} {STRENGTH_ID} {error}").trim_end().to_owned()
                })
                invalid=Signal::derive(move || password_error().is_some())
                passwordrules=passwordrules
                on_focus=start_loading
            />
            <p id=PASSWORD_ERROR_ID class="epr-error" hidden=move || password_error().is_none()>{password_error}</p>
            <RequirementsList id=REQUIREMENTS_ID report=report min=min max=max/>
            <StrengthHint id=STRENGTH_ID report=report/>
            <PasswordField
                id=CONFIRM_ID
                label=text.confirm_password_label
                value=state.confirmation
                shown=state.shown_confirmation
                described_by=Signal::derive(move || {
                    if confirm_error().is_some() { CONFIRM_ERROR_ID.to_owned() } else { String::new() }
                })
                invalid=Signal::derive(move || confirm_error().is_some())
                passwordrules=passwordrules
                on_focus=start_loading
            />
            <p id=CONFIRM_ERROR_ID class="epr-error" hidden=move || confirm_error().is_none()>{confirm_error}</p>
            <p id=NOTICE_ID class="epr-notice" tabindex="-1" hidden=move || notice().is_none()>{notice}</p>
            <button
                type="submit"
                class="epr-primary"
                disabled=move || { pending.get() || rate_wait.get() > 0 }
                aria-busy=move || pending.get().then_some("true")
            >
                {button_label}
            </button>
        </form>
    }
}

/// The notice over a kept form after a failed submit (network, store error, wait after a 429, password
/// refused, update refused for another reason), or `None` when there is nothing to say. `wait_secs` is what is left of a 429 wait; at 0 the
/// rate-limit notice has done its job and goes.
pub fn notice_message(messages: &Messages, result: &SubmitResult, wait_secs: u64) -> Option<String> {
    let text = &messages.change;
    let (notice, exchanged) = match result {
        SubmitResult::Outcome { outcome, exchanged, .. } => (outcome.notice()?, *exchanged),
        SubmitResult::IdsUnavailable => (Notice::Network, false),
        _ => return None,
    };
    let message = match notice {
        Notice::Network => text.network_error.to_owned(),
        Notice::Server => text.server_error.to_owned(),
        Notice::RateLimited if wait_secs == 0 => return None,
        Notice::RateLimited => (messages.common.rate_limited)(wait_secs),
        Notice::Rejected => return Some(text.rejected.to_owned()),
        Notice::UpdateRefused => text.update_refused.to_owned(),
    };
    Some(if exchanged { format!("{message} {}", text.code_already_accepted) } else { message })
}
