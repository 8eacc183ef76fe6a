//! The typed-username field, the same on both pages.

use ep_reset_core::username::{UsernameError, UsernameFormat};
use leptos::prelude::*;

use crate::messages::use_messages;

/// The field's id (a `label for` target, and where focus goes).
pub const USERNAME_ID: &str = "epr-username";
/// The id of the field's error message, referenced by `aria-describedby`.
pub const USERNAME_ERROR_ID: &str = "epr-username-error";

/// A labelled `autocomplete="username"` field: `type="email"` when usernames are e-mail addresses, its
/// error tied to it with `aria-describedby` and `aria-invalid`. The typed value lives in `value`, so no
/// state change ever clears it.
#[component]
pub fn UsernameField(
    /// The password profile's username format.
    format: Memo<UsernameFormat>,
    /// What the shopper typed.
    value: RwSignal<String>,
    /// What is wrong with it, when that should be shown.
    error: Memo<Option<UsernameError>>,
    /// Read-only (once the code was accepted, the username can no longer change).
    #[prop(optional)]
    readonly: Option<Memo<bool>>,
) -> impl IntoView {
    let text = &use_messages().common;
    let is_email = move || format.get() == UsernameFormat::Email;
    view! {
        <div class="epr-field">
            <label for=USERNAME_ID>{move || if is_email() { text.email_label } else { text.username_label }}</label>
            <input
                id=USERNAME_ID
                name="username"
                type=move || if is_email() { "email" } else { "text" }
                autocomplete="username"
                autocapitalize="none"
                spellcheck="false"
                required
                readonly=move || readonly.is_some_and(|readonly| readonly.get())
                prop:value=value
                on:input:target=move |ev| value.set(ev.target().value())
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().is_some().then_some(USERNAME_ERROR_ID)
            />
            <p id=USERNAME_ERROR_ID class="epr-error" hidden=move || error.get().is_none()>
                {move || error.get().map(|error| text.username_error(error))}
            </p>
        </div>
    }
}
