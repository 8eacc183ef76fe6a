//! The change-password form: the username for password managers, the code when it has to be typed, the
//! new password twice with its live checklist, and the submit button. The session checks everything
//! before sending: invalid input sends nothing and says exactly what to fix; typed values are kept until
//! the password has been changed.

use ep_reset_core::flows::discovery::password_policy;
use ep_reset_core::flows::reset_flow::Notice;
use ep_reset_core::secret::Secret;
use ep_reset_core::session::reset::{ChangeView, FormInput, FormNotice, FormStart, Submit, SubmitButton};
use leptos::html;
use leptos::prelude::*;
use web_sys::SubmitEvent;

use super::ResetPage;
use crate::components::{
    Isolated, PasswordField, RequirementsList, StrengthHint, USERNAME_ID, UsernameField,
};
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
#[component]
pub fn ResetForm(page: ResetPage) -> impl IntoView {
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

    let form_ref = NodeRef::<html::Form>::new();
    let on_submit = move |ev: SubmitEvent| {
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
                request_animation_frame(move || focus_within(form_ref, "[aria-invalid=true]"))
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
        FormStart::Link { username } => view! {
            <p>{text.intro}</p>
            <p class="epr-account"><Isolated template=text.for_account name="username" value=username.clone()/></p>
        }
        .into_any(),
        FormStart::Typed { broken } => view! {
            {broken.then(|| view! { <p class="epr-notice" id="epr-broken-link">{text.broken_link}</p> })}
            <p>{text.typed_intro}</p>
        }
        .into_any(),
    };
    let typed_fields = match start {
        FormStart::Link { username } => view! {
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
                value=username
            />
        }
        .into_any(),
        FormStart::Typed { .. } => {
            let code_error = move || errors.with(|errors| errors.code);
            view! {
                <UsernameField
                    format=format
                    value=fields.username
                    error=Memo::new(move |_| errors.with(|errors| errors.username))
                    readonly=exchanged
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
                        readonly=move || exchanged.get()
                        prop:value=fields.code
                        on:input:target=move |ev| fields.code.set(ev.target().value())
                        aria-invalid=move || code_error().is_some().then_some("true")
                        aria-describedby=move || match code_error() {
                            Some(_) => format!("{CODE_HELP_ID} {CODE_ERROR_ID}"),
                            None => CODE_HELP_ID.to_owned(),
                        }
                    />
                    <p id=CODE_HELP_ID class="epr-help">{text.code_help}</p>
                    <p id=CODE_ERROR_ID class="epr-error" hidden=move || code_error().is_none()>
                        {move || code_error().map(|reason| text.code_error(reason))}
                    </p>
                </div>
            }
            .into_any()
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
    let start_loading = Callback::new(move |()| {
        common.start();
    });
    view! {
        {intro}
        <form class="epr-form" novalidate node_ref=form_ref on:submit=on_submit>
            {typed_fields}
            <PasswordField
                id=NEW_PASSWORD_ID
                label=text.new_password_label
                value=fields.password
                shown=fields.shown_password
                describedby=DESCRIBED_BY_REQUIREMENTS
                error=password_error
                policy=policy
                on_focus=start_loading
            />
            <RequirementsList id=REQUIREMENTS_ID report=report policy=policy/>
            <StrengthHint id=STRENGTH_ID report=report/>
            <PasswordField
                id=CONFIRM_ID
                label=text.confirm_password_label
                value=fields.confirmation
                shown=fields.shown_confirmation
                describedby=""
                error=confirm_error
                policy=policy
                on_focus=start_loading
            />
            <p id=NOTICE_ID class="epr-notice" tabindex="-1" hidden=move || notice().is_none()>{notice}</p>
            <button
                type="submit"
                class="epr-primary"
                disabled=move || button().disabled()
                aria-busy=move || (button() == SubmitButton::Submitting).then_some("true")
            >
                {move || match button() {
                    SubmitButton::Submit => text.submit_button.to_owned(),
                    SubmitButton::Submitting => text.submitting.to_owned(),
                    SubmitButton::TryAgain => text.try_again.to_owned(),
                    SubmitButton::WaitSecs(secs) => messages.common.try_again_in.format(secs),
                }}
            </button>
        </form>
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
