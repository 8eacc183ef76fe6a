//! The typed-username field, the same on both pages.

use ep_reset_core::username::{UsernameError, UsernameFormat};
use leptos::prelude::*;
use web_sys::Node;

use super::Field;
use crate::dom::{El, NodeRef, bound_text};
use crate::messages::use_messages;

/// The field's id (a `label for` target).
pub const USERNAME_ID: &str = "epr-username";
/// The id of the field's error message, referenced by `aria-describedby`.
pub const USERNAME_ERROR_ID: &str = "epr-username-error";

/// A labelled `autocomplete="username"` field: `type="email"` when usernames are e-mail addresses, its
/// error tied to it (see [`Field`]). The typed value lives in `value`, so no state change ever clears it.
pub struct UsernameField {
    /// Whether usernames are e-mail addresses (the label and the input's type follow it).
    pub format: Memo<UsernameFormat>,
    /// The value, as typed.
    pub value: RwSignal<String>,
    /// What is wrong with it, when that should be shown.
    pub error: Memo<Option<UsernameError>>,
    /// While it holds, the field is `readonly` (the code was accepted: the username can no longer
    /// change). Default: never.
    pub readonly: Option<Memo<bool>>,
    /// Reaches the input, for focus. Default: none.
    pub node_ref: Option<NodeRef>,
}

impl UsernameField {
    /// An editable field.
    pub fn new(
        format: Memo<UsernameFormat>,
        value: RwSignal<String>,
        error: Memo<Option<UsernameError>>,
    ) -> Self {
        Self { format, value, error, readonly: None, node_ref: None }
    }

    /// The field's nodes.
    pub fn render(self) -> Node {
        let Self { format, value, error, readonly, node_ref } = self;
        let text = &use_messages().common;
        let is_email = move || format.get() == UsernameFormat::Email;
        let mut input = El::new("input")
            .attr("name", "username")
            .bind_attr("type", move || Some(if is_email() { "email" } else { "text" }.to_owned()))
            .attr("autocomplete", "username")
            .attr("autocapitalize", "none")
            .attr("spellcheck", "false")
            .flag("required")
            .bind_flag("readonly", move || readonly.is_some_and(|readonly| readonly.get()))
            .bind_value(value);
        if let Some(node_ref) = node_ref {
            input = input.node_ref(node_ref);
        }
        let label =
            bound_text(move || if is_email() { text.email_label } else { text.username_label }.to_owned());
        let error = Memo::new(move |_| error.get().map(|error| text.username_error(error).to_owned()));
        Field::new(USERNAME_ID, label, input, USERNAME_ERROR_ID.to_owned(), error).render()
    }
}
