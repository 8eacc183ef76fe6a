//! The change-password form: the username for password managers, the code when it has to be typed, the
//! new password twice with its live checklist, and the submit button. The session checks everything
//! before sending: invalid input sends nothing and says exactly what to fix; typed values are kept until
//! the password has been changed.

use ep_reset_core::flows::discovery::password_policy;
use ep_reset_core::flows::reset_flow::Notice;
use ep_reset_core::secret::Secret;
use ep_reset_core::session::reset::{ChangeView, FormInput, FormNotice, FormStart, Submit, SubmitButton};
use std::rc::Rc;

use leptos::prelude::*;
use web_sys::Node;

use super::ResetPage;
use crate::components::{
    PasswordField, USERNAME_ID, isolated, requirements_list, strength_hint, username_field,
};
use crate::dom::{El, fragment};
use crate::focus::focus_within;
use crate::messages::{Messages, use_messages};
use crate::time::now_ms;

pub const NEW_PASSWORD_ID: &str = "epr-new-password";
pub const NOTICE_ID: &str = "epr-form-notice";
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

/// The form: the fields for how the page started, the live checks, the notice over the form and the
/// submit button; a submit goes through the session, which sends only what passed the checks.
pub fn reset_form(page: ResetPage) -> Node {
    let messages = use_messages();
    let text = &messages.change;
    let ResetPage { store, session, view, fields, common } = page;
    let policy = Memo::new(move |_| {
        store.with_value(|store| {
            let discovered = store.discovered();
            password_policy(store.config.min_password_length, discovered.and_then(Result::ok).as_ref())
        })
    });
    let format = Memo::new(move |_| {
        store.with_value(|store| store.links.format(store.discovered().and_then(Result::ok).as_ref()))
    });
    let report = Memo::new(move |_| {
        let (input, policy) = (fields.input(), policy.get());
        common.with(|list| session.read(|session| session.evaluate(&policy, &input, list)))
    });
    let errors = Memo::new(move |_| {
        let (input, report, format) = (fields.input(), report.get(), format.get());
        session.read(|session| session.field_errors(&input, &report, format))
    });
    // The form's parts of the view model (the form is rendered only while the view is the form).
    let exchanged =
        Memo::new(move |_| view.with(|view| matches!(view, ChangeView::Form(form) if form.exchanged)));
    let button = move || {
        view.with(|view| match view {
            ChangeView::Form(form) => form.button,
            _ => SubmitButton::Submit,
        })
    };

    let form = El::new("form").attr("class", "epr-form").flag("novalidate");
    let form_element = form.element().cloned();
    let on_submit = move |ev: web_sys::Event| {
        ev.prevent_default();
        let (Some(reset), Some(store)) = (session.session(), store.try_get_value()) else { return };
        let (input, report, format) = untrack(|| (fields.input(), report.get(), format.get()));
        let submit = reset.start_submit(&input, &report, format, now_ms());
        if !matches!(submit, Submit::Ignored) {
            fields.shown_password.set(false);
            fields.shown_confirmation.set(false);
            session.changed();
        }
        match submit {
            Submit::Ignored => {}
            Submit::FixInput => {
                let form = form_element.clone();
                request_animation_frame(move || {
                    if let Some(form) = form {
                        focus_within(&form, "[aria-invalid=true]");
                    }
                })
            }
            Submit::Go(submission) => {
                let policy = policy.get_untracked();
                leptos::task::spawn_local(async move {
                    let common = common.settled();
                    reset.submit(submission, &store.client, &store.host, &policy, common, store.ids()).await;
                    if reset.is_done() {
                        fields.forget_passwords();
                    }
                    session.changed();
                });
            }
        }
    };

    let start = view.with_untracked(|view| match view {
        ChangeView::Form(form) => form.start.clone(),
        _ => FormStart::Typed { broken: false },
    });
    let intro = match &start {
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
    };
    let typed_fields = match start {
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
            .attr("value", &username)
            .node(),
        FormStart::Typed { .. } => {
            let code_error = move || errors.with(|errors| errors.code);
            let code = El::new("input")
                .attr("id", CODE_ID)
                .attr("name", "one-time-code")
                .attr("type", "text")
                .attr("autocomplete", "one-time-code")
                .attr("autocapitalize", "none")
                .attr("spellcheck", "false")
                .flag("required")
                .bind_flag("readonly", move || exchanged.get())
                .bind_value(fields.code)
                .bind_attr("aria-invalid", move || code_error().is_some().then(|| "true".to_owned()))
                .bind_attr("aria-describedby", move || {
                    Some(match code_error() {
                        Some(_) => format!("{CODE_HELP_ID} {CODE_ERROR_ID}"),
                        None => CODE_HELP_ID.to_owned(),
                    })
                });
            let code_field = El::new("div")
                .attr("class", "epr-field")
                .child(El::new("label").attr("for", CODE_ID).text(text.code_label))
                .child(code)
                .child(El::new("p").attr("id", CODE_HELP_ID).attr("class", "epr-help").text(text.code_help))
                .child(
                    El::new("p")
                        .attr("id", CODE_ERROR_ID)
                        .attr("class", "epr-error")
                        .bind_flag("hidden", move || code_error().is_none())
                        .bind_text(move || {
                            code_error().map(|reason| text.code_error(reason).to_owned()).unwrap_or_default()
                        }),
                );
            let username = username_field(
                format,
                fields.username,
                Memo::new(move |_| errors.with(|errors| errors.username)),
                Some(exchanged),
            );
            fragment([username, code_field.node()])
        }
    };

    let password_error = Memo::new(move |_| {
        let unmet = errors.with(|errors| errors.password)?;
        let length = report.with(|report| report.length);
        Some(policy.with(|policy| text.password_error(unmet, length, policy.min_len(), policy.max_len())))
    });
    let confirm_error =
        Memo::new(move |_| errors.with(|errors| errors.confirmation).then(|| text.mismatch_error.to_owned()));
    let notice = move || {
        view.with(|view| match view {
            ChangeView::Form(form) => form.notice,
            _ => None,
        })
        .map(|notice| notice_text(messages, notice))
    };
    let start_loading: Rc<dyn Fn()> = Rc::new(move || {
        common.start();
    });
    let new_password = PasswordField {
        id: NEW_PASSWORD_ID,
        label: text.new_password_label,
        value: fields.password,
        shown: fields.shown_password,
        describedby: DESCRIBED_BY_REQUIREMENTS,
        error: password_error,
        policy,
        on_focus: start_loading.clone(),
    };
    let confirmation = PasswordField {
        id: CONFIRM_ID,
        label: text.confirm_password_label,
        value: fields.confirmation,
        shown: fields.shown_confirmation,
        describedby: "",
        error: confirm_error,
        policy,
        on_focus: start_loading,
    };
    let notice = El::new("p")
        .attr("id", NOTICE_ID)
        .attr("class", "epr-notice")
        .attr("tabindex", "-1")
        .bind_flag("hidden", move || notice().is_none())
        .bind_text(move || notice().unwrap_or_default());
    let submit = El::new("button")
        .attr("type", "submit")
        .attr("class", "epr-primary")
        .bind_flag("disabled", move || button().disabled())
        .bind_attr("aria-busy", move || (button() == SubmitButton::Submitting).then(|| "true".to_owned()))
        .bind_text(move || match button() {
            SubmitButton::Submit => text.submit_button.to_owned(),
            SubmitButton::Submitting => text.submitting.to_owned(),
            SubmitButton::TryAgain => text.try_again.to_owned(),
            SubmitButton::WaitSecs(secs) => messages.common.try_again_in.format(secs),
        });
    let form = form
        .on("submit", on_submit)
        .child(typed_fields)
        .child(new_password.render())
        .child(requirements_list(REQUIREMENTS_ID, report, policy))
        .child(strength_hint(STRENGTH_ID, report))
        .child(confirmation.render())
        .child(notice)
        .child(submit);
    fragment([intro, form.node()])
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
