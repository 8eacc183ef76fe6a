//! A new-password input with an accessible show/hide toggle, a Caps Lock warning and its error.

use std::rc::Rc;

use ep_reset_core::password_policy::PasswordPolicy;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, Node};

use crate::dom::El;
use crate::messages::use_messages;

/// One labelled `autocomplete="new-password"` field (a struct rather than a function, for its eight named
/// parts; [`PasswordField::render`] builds it).
pub struct PasswordField {
    /// The input's `id` (the label, toggle and messages refer to it).
    pub id: &'static str,
    /// The visible label.
    pub label: &'static str,
    /// The value, exactly as typed (never trimmed).
    pub value: RwSignal<String>,
    /// Whether the password is shown as text.
    pub shown: RwSignal<bool>,
    /// Ids of other elements describing the field (requirements, strength), space-separated; may be empty.
    pub describedby: &'static str,
    /// What is wrong with the value, when that should be shown.
    pub error: Memo<Option<String>>,
    /// The policy, for the `passwordrules` attribute that password generators read.
    pub policy: Memo<PasswordPolicy>,
    /// Called when the field gains focus.
    pub on_focus: Rc<dyn Fn()>,
}

impl PasswordField {
    /// The field with its show/hide toggle, Caps Lock warning and error.
    ///
    /// The toggle is a real button (`aria-pressed`, `aria-controls`) whose name stays the same; the page
    /// owns `shown` so it can mask the field again on submit. The Caps Lock warning follows the key events
    /// typed into this field; it and the error (`{id}-caps`, `{id}-error`) are tied to the field with
    /// `aria-describedby`.
    pub fn render(self) -> Node {
        let Self { id, label, value, shown, describedby, error, policy, on_focus } = self;
        let text = &use_messages().change;
        let (caps_id, error_id) = (format!("{id}-caps"), format!("{id}-error"));
        let caps_lock = RwSignal::new(false);
        let on_key = move |ev: web_sys::Event| {
            if let Some(key) = ev.dyn_ref::<KeyboardEvent>() {
                caps_lock.set(key.get_modifier_state("CapsLock"));
            }
        };
        let described = {
            let (caps_id, error_id) = (caps_id.clone(), error_id.clone());
            move || {
                let mut ids = describedby.to_owned();
                for (on, extra) in [(error.with(Option::is_some), &error_id), (caps_lock.get(), &caps_id)] {
                    if on {
                        ids = format!("{ids} {extra}");
                    }
                }
                let ids = ids.trim_start();
                (!ids.is_empty()).then(|| ids.to_owned())
            }
        };
        let input = El::new("input")
            .attr("id", id)
            .attr("name", id)
            .bind_attr("type", move || Some(if shown.get() { "text" } else { "password" }.to_owned()))
            .attr("autocomplete", "new-password")
            .attr("autocapitalize", "off")
            .attr("spellcheck", "false")
            .flag("required")
            .bind_value(value)
            .on("keydown", on_key)
            .on("keyup", on_key)
            .on("focus", move |_| on_focus())
            .on("blur", move |_| caps_lock.set(false))
            .bind_attr("aria-invalid", move || error.with(Option::is_some).then(|| "true".to_owned()))
            .bind_attr("aria-describedby", described)
            .bind_attr("passwordrules", move || Some(policy.with(PasswordPolicy::passwordrules)));
        let toggle = El::new("button")
            .attr("type", "button")
            .attr("class", "epr-toggle")
            .attr("aria-controls", id)
            .bind_attr("aria-pressed", move || Some(if shown.get() { "true" } else { "false" }.to_owned()))
            .on("click", move |_| shown.update(|shown| *shown = !*shown))
            .text(text.show_password);
        El::new("div")
            .attr("class", "epr-field")
            .child(El::new("label").attr("for", id).text(label))
            .child(El::new("div").attr("class", "epr-password-row").child(input).child(toggle))
            .child(
                El::new("p")
                    .attr("id", &caps_id)
                    .attr("class", "epr-warning")
                    .bind_flag("hidden", move || !caps_lock.get())
                    .text(text.caps_lock_on),
            )
            .child(
                El::new("p")
                    .attr("id", &error_id)
                    .attr("class", "epr-error")
                    .bind_flag("hidden", move || error.with(Option::is_none))
                    .bind_text(move || error.get().unwrap_or_default()),
            )
            .node()
    }
}
