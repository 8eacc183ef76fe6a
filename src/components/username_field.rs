//! The typed-username field, the same on both pages.

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
    pub email: Memo<bool>,
    /// The value, as typed.
    pub value: RwSignal<String>,
    /// What is wrong with it, when that should be shown, as the shopper reads it
    /// ([`CommonText::username_error`](crate::messages::CommonText::username_error)).
    pub error: Memo<Option<String>>,
    /// While it holds, the field is `readonly` (the code was accepted: the username can no longer
    /// change). Default: never.
    pub readonly: Option<Memo<bool>>,
    /// Reaches the input, for focus. Default: none.
    pub node_ref: Option<NodeRef>,
}

impl UsernameField {
    /// An editable field.
    pub fn new(email: Memo<bool>, value: RwSignal<String>, error: Memo<Option<String>>) -> Self {
        Self { email, value, error, readonly: None, node_ref: None }
    }

    /// The field's nodes.
    pub fn render(self) -> Node {
        let Self { email, value, error, readonly, node_ref } = self;
        let text = &use_messages().common;
        let mut input = El::new("input")
            .attr("name", "username")
            .bind_attr("type", move || Some(if email.get() { "email" } else { "text" }.to_owned()))
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
            bound_text(move || if email.get() { text.email_label } else { text.username_label }.to_owned());
        Field::new(USERNAME_ID, label, input, USERNAME_ERROR_ID.to_owned(), error).render()
    }
}
