//! A new-password input with an accessible show/hide toggle, a Caps Lock warning and its error.

use std::rc::Rc;

use ep_reset_core::password_policy::PasswordPolicy;
use leptos::prelude::*;
use web_sys::{KeyboardEvent, Node};

use super::Field;
use crate::dom::{El, NodeRef, ev};
use crate::messages::use_messages;

/// One labelled `autocomplete="new-password"` field.
pub struct PasswordField {
    /// The input's `id` (the label, toggle and messages refer to it).
    pub id: &'static str,
    /// The visible label.
    pub label: &'static str,
    /// The value, exactly as typed (never trimmed).
    pub value: RwSignal<String>,
    /// Whether the password is shown as text.
    pub shown: RwSignal<bool>,
    /// What is wrong with the value, when that should be shown.
    pub error: Memo<Option<String>>,
    /// The policy, for the `passwordrules` attribute that password generators read.
    pub policy: Memo<PasswordPolicy>,
    /// Ids of other elements describing the field (requirements, strength), space-separated. Default:
    /// none.
    pub described_by: &'static str,
    /// Called when the field gains focus. Default: nothing.
    pub on_focus: Option<Rc<dyn Fn()>>,
    /// Reaches the input, for focus. Default: none.
    pub node_ref: Option<NodeRef>,
}

impl PasswordField {
    /// A field with the required parts; the others take their defaults.
    pub fn new(
        id: &'static str,
        label: &'static str,
        value: RwSignal<String>,
        shown: RwSignal<bool>,
        error: Memo<Option<String>>,
        policy: Memo<PasswordPolicy>,
    ) -> Self {
        Self { id, label, value, shown, error, policy, described_by: "", on_focus: None, node_ref: None }
    }

    /// The field with its show/hide toggle, Caps Lock warning and error.
    ///
    /// The toggle is a real button (`aria-pressed`, `aria-controls`) whose name stays the same; the page
    /// owns `shown` so it can mask the field again on submit. The Caps Lock warning follows the key events
    /// typed into this field; it and the error (`{id}-caps`, `{id}-error`) are tied to the field with
    /// `aria-describedby`.
    pub fn render(self) -> Node {
        let Self { id, label, value, shown, error, policy, described_by, on_focus, node_ref } = self;
        let text = &use_messages().change;
        let caps_id = format!("{id}-caps");
        let caps_lock = RwSignal::new(false);
        let on_key = move |key: KeyboardEvent| caps_lock.set(key.get_modifier_state("CapsLock"));
        let mut input = El::new("input")
            .attr("name", id)
            .bind_attr("type", move || Some(if shown.get() { "text" } else { "password" }.to_owned()))
            .attr("autocomplete", "new-password")
            .attr("autocapitalize", "off")
            .attr("spellcheck", "false")
            .flag("required")
            .bind_value(value)
            .on(ev::keydown, on_key)
            .on(ev::keyup, on_key)
            .on(ev::blur, move |_| caps_lock.set(false))
            .bind_attr("passwordrules", move || Some(policy.with(PasswordPolicy::passwordrules)));
        if let Some(on_focus) = on_focus {
            input = input.on(ev::focus, move |_| on_focus());
        }
        if let Some(node_ref) = node_ref {
            input = input.node_ref(node_ref);
        }
        let toggle = El::new("button")
            .attr("type", "button")
            .attr("class", "epr-toggle")
            .attr("aria-controls", id)
            .bind_attr("aria-pressed", move || Some(if shown.get() { "true" } else { "false" }.to_owned()))
            .on(ev::click, move |_| shown.update(|shown| *shown = !*shown))
            .text(text.show_password);
        let caps = El::new("p")
            .attr("id", &caps_id)
            .attr("class", "epr-warning")
            .bind_flag("hidden", move || !caps_lock.get())
            .text(text.caps_lock_on);
        Field {
            described_by,
            also_describing: Some((caps_id, caps_lock)),
            beside: Some(("epr-password-row", toggle.node())),
            notes: vec![caps.node()],
            ..Field::new(id, crate::dom::text(label), input, format!("{id}-error"), error)
        }
        .render()
    }
}
