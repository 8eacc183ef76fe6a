//! The change-password form: the username for password managers, the code when it has to be typed, the
//! new password twice with its live checklist, the notice and the submit button. The session checks
//! everything before sending: invalid input sends nothing and says exactly what to fix; typed values are
//! kept until the password has been changed.

use ep_reset_core::flows::discovery::password_policy;
use ep_reset_core::flows::reset_flow::Notice;
use ep_reset_core::password_policy::{PasswordPolicy, PolicyReport};
use ep_reset_core::secret::Secret;
use ep_reset_core::session::reset::{
    BreachLine, ChangeView, FieldErrors, FormInput, FormNotice, FormStart, ResetSession, Submit, SubmitButton,
};
use ep_reset_core::username::UsernameFormat;
use std::rc::Rc;

use leptos::prelude::*;
use web_sys::Node;

use super::{ResetPage, after_change};
use crate::components::{
    Field, PasswordField, USERNAME_ID, UsernameField, isolated, requirements_list, strength_hint,
};
use crate::dom::{El, ev, fragment};
use crate::focus::{Pick, focus_soon};
use crate::messages::{Messages, use_messages};
use crate::store::StoreContext;
use crate::time::now_ms;

const NEW_PASSWORD_ID: &str = "epr-new-password";
const NOTICE_ID: &str = "epr-form-notice";
const CODE_ID: &str = "epr-code";
const CONFIRM_ID: &str = "epr-confirm-password";
const CODE_HELP_ID: &str = "epr-code-help";
const CODE_ERROR_ID: &str = "epr-code-error";
const REQUIREMENTS_ID: &str = "epr-requirements";
const STRENGTH_ID: &str = "epr-strength";
/// What describes the new password besides its own messages: the checklist and the strength hint.
const DESCRIBED_BY_REQUIREMENTS: &str = "epr-requirements epr-strength";

/// Everything the shopper typed, and whether each password is shown.
#[derive(Clone, Copy)]
pub struct Fields {
    username: RwSignal<String>,
    code: RwSignal<String>,
    password: RwSignal<String>,
    confirmation: RwSignal<String>,
    shown_password: RwSignal<bool>,
    shown_confirmation: RwSignal<bool>,
}

impl Fields {
    /// Empty fields, the username prefilled when known.
    pub fn new(username: Option<String>) -> Self {
        Self {
            username: RwSignal::new(username.unwrap_or_default()),
            code: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            confirmation: RwSignal::new(String::new()),
            shown_password: RwSignal::new(false),
            shown_confirmation: RwSignal::new(false),
        }
    }

    /// What is typed now (tracked).
    fn input(&self) -> FormInput {
        FormInput {
            username: self.username.get(),
            code: self.code.get(),
            password: Secret::new(self.password.get()),
            confirmation: Secret::new(self.confirmation.get()),
        }
    }

    /// The password was changed: the typed passwords are no longer kept in memory.
    fn forget_passwords(&self) {
        self.password.try_set(String::new());
        self.confirmation.try_set(String::new());
    }

    /// Typing the code from a new e-mail, for `username`: the passwords are kept.
    pub fn restart_typed(&self, username: String) {
        self.username.set(username);
        self.code.set(String::new());
    }
}

/// What the form derives from the store, the session and what is typed, each recomputed only when what
/// it reads changes.
#[derive(Clone, Copy)]
struct FormState {
    /// Whether usernames are e-mail addresses.
    email: Memo<bool>,
    /// The live password checks.
    report: Memo<PolicyReport>,
    /// What to fix, once the shopper has tried to submit.
    errors: Memo<FieldErrors>,
    /// The code was exchanged: the username and code can no longer change.
    exchanged: Memo<bool>,
    /// The breach check's line, when the check is on.
    breach: Memo<Option<BreachLine>>,
}

impl FormState {
    fn new(page: ResetPage) -> Self {
        let ResetPage { store, model, view, fields, common, .. } = page;
        let email = Memo::new(move |_| store.with_value(username_format) == UsernameFormat::Email);
        let report = Memo::new(move |_| {
            let (input, policy) = (fields.input(), store.with_value(policy_of));
            common.with(|list| model.read(|session| session.evaluate(&policy, &input, list)))
        });
        let errors = Memo::new(move |_| {
            let (input, report, format) = (fields.input(), report.get(), store.with_value(username_format));
            model.read(|session| session.field_errors(&input, &report, format))
        });
        let exchanged =
            Memo::new(move |_| view.with(|view| matches!(view, ChangeView::Form(form) if form.exchanged)));
        let breach = Memo::new(move |_| {
            let input = fields.input();
            model.read(|session| session.breach_line(&input))
        });
        Self { email, report, errors, exchanged, breach }
    }
}

/// The password rules: configuration's, tightened by the password profile once discovered.
fn policy_of(store: &StoreContext) -> PasswordPolicy {
    password_policy(store.config.min_password_length, store.discovered().and_then(Result::ok).as_ref())
}

/// How usernames are written: configuration's, or the store's once discovered.
fn username_format(store: &StoreContext) -> UsernameFormat {
    store.links.format(store.discovered().and_then(Result::ok).as_ref())
}

/// The form for how the page started, with its live checks, notice and submit button; a submit goes
/// through the session, which sends only what passed the checks.
pub fn reset_form(page: ResetPage) -> Node {
    let state = FormState::new(page);
    // Rendered only while the view is the form, so its start is the form's.
    let start = page.view.with_untracked(|view| match view {
        ChangeView::Form(form) => form.start.clone(),
        _ => FormStart::Typed { broken: false },
    });
    let form = El::new("form")
        .attr("class", "epr-form")
        .flag("novalidate")
        .on(ev::submit, move |event| {
            event.prevent_default();
            submit(page, state);
        })
        .child(identity_fields(page, state, &start))
        .child(password_fields(page, state))
        .child(notice(page))
        .child(submit_button(page));
    fragment([intro(&start), form.node()])
}

/// What the form is for: the link's account, or typing the code (after a link that could not be used).
fn intro(start: &FormStart) -> Node {
    let text = &use_messages().change;
    match start {
        FormStart::Link { username } => fragment([
            El::new("p").text(text.intro).node(),
            El::new("p")
                .attr("class", "epr-account")
                .child(isolated(text.for_account, "username", username))
                .node(),
        ]),
        FormStart::Typed { broken } => {
            let broken = broken.then(|| {
                El::new("p")
                    .attr("class", "epr-notice")
                    .attr("id", "epr-broken-link")
                    .text(text.broken_link)
                    .node()
            });
            fragment(broken.into_iter().chain([El::new("p").text(text.typed_intro).node()]))
        }
    }
}

/// Whose password it is: the link's username for password managers, or the typed username and code.
fn identity_fields(page: ResetPage, state: FormState, start: &FormStart) -> Node {
    let FormState { email, errors, exchanged, .. } = state;
    match start {
        // For password managers: the account this password belongs to. Visually hidden, never
        // display:none (browsers ignore those); the visible sentence above names it for everyone.
        FormStart::Link { username } => El::new("input")
            .attr("type", "text")
            .attr("id", USERNAME_ID)
            .attr("name", "username")
            .attr("autocomplete", "username")
            .attr("class", "epr-visually-hidden")
            .flag("readonly")
            .attr("tabindex", "-1")
            .attr("aria-hidden", "true")
            .attr("value", username)
            .node(),
        FormStart::Typed { .. } => {
            let text = &use_messages().common;
            let error = Memo::new(move |_| {
                errors.with(|errors| errors.username).map(|error| text.username_error(error).to_owned())
            });
            let username = UsernameField {
                readonly: Some(exchanged),
                node_ref: Some(page.targets.username),
                ..UsernameField::new(email, page.fields.username, error)
            };
            fragment([username.render(), code_field(page, state)])
        }
    }
}

/// The one-time code from the e-mail, typed.
fn code_field(page: ResetPage, state: FormState) -> Node {
    let text = &use_messages().change;
    let FormState { errors, exchanged, .. } = state;
    let input = El::new("input")
        .attr("name", "one-time-code")
        .attr("type", "text")
        .attr("autocomplete", "one-time-code")
        .attr("autocapitalize", "none")
        .attr("spellcheck", "false")
        .flag("required")
        .bind_flag("readonly", move || exchanged.get())
        .bind_value(page.fields.code)
        .node_ref(page.targets.code);
    let error = Memo::new(move |_| {
        errors.with(|errors| errors.code).map(|reason| text.code_error(reason).to_owned())
    });
    let help = El::new("p").attr("id", CODE_HELP_ID).attr("class", "epr-help").text(text.code_help);
    Field {
        described_by: CODE_HELP_ID,
        notes: vec![help.node()],
        ..Field::new(CODE_ID, crate::dom::text(text.code_label), input, CODE_ERROR_ID.to_owned(), error)
    }
    .render()
}

/// The new password with its checklist and strength, then its confirmation. Focusing either starts
/// loading the common-password list.
fn password_fields(page: ResetPage, state: FormState) -> Node {
    let text = &use_messages().change;
    let ResetPage { store, fields, common, targets, .. } = page;
    let FormState { report, errors, breach, .. } = state;
    let policy = move || store.with_value(policy_of);
    let password_error = Memo::new(move |_| {
        let unmet = errors.with(|errors| errors.password)?;
        let length = report.with(|report| report.length);
        let policy = policy();
        Some(text.password_error(unmet, length, policy.min_len(), policy.max_len()))
    });
    let confirm_error =
        Memo::new(move |_| errors.with(|errors| errors.confirmation).then(|| text.mismatch_error.to_owned()));
    let start_loading: Rc<dyn Fn()> = Rc::new(move || {
        common.start();
    });
    let new_password = PasswordField {
        described_by: DESCRIBED_BY_REQUIREMENTS,
        on_focus: Some(start_loading.clone()),
        node_ref: Some(targets.password),
        ..PasswordField::new(
            NEW_PASSWORD_ID,
            text.new_password_label,
            fields.password,
            fields.shown_password,
            password_error,
            Rc::new(policy),
        )
    };
    let confirmation = PasswordField {
        on_focus: Some(start_loading),
        node_ref: Some(targets.confirmation),
        ..PasswordField::new(
            CONFIRM_ID,
            text.confirm_password_label,
            fields.confirmation,
            fields.shown_confirmation,
            confirm_error,
            Rc::new(policy),
        )
    };
    fragment([
        new_password.render(),
        requirements_list(REQUIREMENTS_ID, report, policy, breach),
        strength_hint(STRENGTH_ID, report),
        confirmation.render(),
    ])
}

/// The notice over the kept form after a failed submit (hidden while there is none).
fn notice(page: ResetPage) -> Node {
    let messages = use_messages();
    let view = page.view;
    let notice = move || {
        view.with(|view| match view {
            ChangeView::Form(form) => form.notice,
            _ => None,
        })
        .map(|notice| notice_text(messages, notice))
    };
    El::new("p")
        .attr("id", NOTICE_ID)
        .attr("class", "epr-notice")
        .attr("tabindex", "-1")
        .node_ref(page.targets.notice)
        .bind_flag("hidden", move || notice().is_none())
        .bind_text(move || notice().unwrap_or_default())
        .node()
}

/// "Change password", busy while it runs, counting down after a 429.
fn submit_button(page: ResetPage) -> Node {
    let messages = use_messages();
    let text = &messages.change;
    let view = page.view;
    let button = move || {
        view.with(|view| match view {
            ChangeView::Form(form) => form.button,
            _ => SubmitButton::Submit,
        })
    };
    El::new("button")
        .attr("type", "submit")
        .attr("class", "epr-primary")
        .bind_flag("disabled", move || button().disabled())
        .bind_aria("aria-busy", move || button() == SubmitButton::Submitting)
        .bind_text(move || match button() {
            SubmitButton::Submit => text.submit_button.to_owned(),
            SubmitButton::Submitting => text.submitting.to_owned(),
            SubmitButton::TryAgain => text.try_again.to_owned(),
            SubmitButton::WaitSecs(secs) => messages.common.try_again_in.format(secs),
        })
        .node()
}

/// A submit: the session checks what is typed; the passwords are masked again; then either focus goes
/// to the first field to fix, or the checked submit is sent and its answer applied.
fn submit(page: ResetPage, state: FormState) {
    let ResetPage { store, model, fields, common, targets, .. } = page;
    let Some(store) = store.try_get_value() else { return };
    let (input, report) = untrack(|| (fields.input(), state.report.get()));
    let format = untrack(|| username_format(&store));
    let Some(submit) = model.update(|reset| reset.start_submit(&input, &report, format, now_ms())) else {
        return;
    };
    if !matches!(submit, Submit::Ignored) {
        fields.shown_password.set(false);
        fields.shown_confirmation.set(false);
    }
    match submit {
        Submit::Ignored => {}
        Submit::FixInput => focus_soon(Pick::Invalid, targets.fields()),
        Submit::Go(submission) => {
            let policy = untrack(|| policy_of(&store));
            let sending = async move {
                let common = common.settled();
                submission.send(&store.client, &store.host, &policy, common, store.ids()).await
            };
            model.spawn(sending, ResetSession::submitted, move || {
                if model.try_read(ResetSession::is_done) == Some(true) {
                    fields.forget_passwords();
                }
                after_change(page);
            });
        }
    }
}

/// The notice over the kept form: what failed, and whether the code was already accepted.
pub fn notice_text(messages: &Messages, notice: FormNotice) -> String {
    let text = &messages.change;
    let message = match notice.notice {
        Notice::Network => text.network_error.to_owned(),
        Notice::Server => text.server_error.to_owned(),
        Notice::RateLimited => messages.common.rate_limited.format(notice.wait_secs),
        Notice::Rejected => text.rejected.to_owned(),
        Notice::UpdateRefused => text.update_refused.to_owned(),
    };
    if notice.code_accepted { format!("{message} {}", text.code_already_accepted) } else { message }
}
