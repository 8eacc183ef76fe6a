//! The typed-username field, the same on both pages.

use ep_reset_core::username::{UsernameError, UsernameFormat};
use leptos::prelude::*;
use web_sys::Node;

use crate::dom::El;
use crate::messages::use_messages;

/// The field's id (a `label for` target, and where focus goes).
pub const USERNAME_ID: &str = "epr-username";
/// The id of the field's error message, referenced by `aria-describedby`.
pub const USERNAME_ERROR_ID: &str = "epr-username-error";

/// A labelled `autocomplete="username"` field: `type="email"` when usernames are e-mail addresses, its
/// error tied to it with `aria-describedby` and `aria-invalid`. The typed value lives in `value`, so no
/// state change ever clears it; `readonly` once the code was accepted (the username can no longer change).
pub fn username_field(
    format: Memo<UsernameFormat>,
    value: RwSignal<String>,
    error: Memo<Option<UsernameError>>,
    readonly: Option<Memo<bool>>,
) -> Node {
    let text = &use_messages().common;
    let is_email = move || format.get() == UsernameFormat::Email;
    let label = El::new("label")
        .attr("for", USERNAME_ID)
        .bind_text(move || if is_email() { text.email_label } else { text.username_label }.to_owned());
    let input = El::new("input")
        .attr("id", USERNAME_ID)
        .attr("name", "username")
        .bind_attr("type", move || Some(if is_email() { "email" } else { "text" }.to_owned()))
        .attr("autocomplete", "username")
        .attr("autocapitalize", "none")
        .attr("spellcheck", "false")
        .flag("required")
        .bind_flag("readonly", move || readonly.is_some_and(|readonly| readonly.get()))
        .bind_value(value)
        .bind_attr("aria-invalid", move || error.get().is_some().then(|| "true".to_owned()))
        .bind_attr("aria-describedby", move || error.get().is_some().then(|| USERNAME_ERROR_ID.to_owned()));
    let message = El::new("p")
        .attr("id", USERNAME_ERROR_ID)
        .attr("class", "epr-error")
        .bind_flag("hidden", move || error.get().is_none())
        .bind_text(move || {
            error.get().map(|error| text.username_error(error).to_owned()).unwrap_or_default()
        });
    El::new("div").attr("class", "epr-field").child(label).child(input).child(message).node()
}
