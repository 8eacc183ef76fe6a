//! A new-password input with an accessible show/hide toggle, a Caps Lock warning and its error.

use ep_reset_core::password_policy::PasswordPolicy;
use leptos::prelude::*;
use web_sys::KeyboardEvent;

use crate::messages::use_messages;

/// One labelled `autocomplete="new-password"` field.
///
/// The toggle is a real button (`aria-pressed`, `aria-controls`) whose name stays the same; the page owns
/// `shown` so it can mask the field again on submit. The Caps Lock warning follows the key events typed
/// into this field; it and the error (`{id}-caps`, `{id}-error`) are tied to the field with
/// `aria-describedby`.
#[component]
pub fn PasswordField(
    /// The input's `id` (the label, toggle and messages refer to it).
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The value, exactly as typed (never trimmed).
    value: RwSignal<String>,
    /// Whether the password is shown as text.
    shown: RwSignal<bool>,
    /// Ids of other elements describing the field (requirements, strength), space-separated; may be empty.
    describedby: &'static str,
    /// What is wrong with the value, when that should be shown.
    error: Memo<Option<String>>,
    /// The policy, for the `passwordrules` attribute that password generators read.
    policy: Memo<PasswordPolicy>,
    /// Called when the field gains focus.
    on_focus: Callback<()>,
) -> impl IntoView {
    let text = &use_messages().change;
    let (caps_id, error_id) = (format!("{id}-caps"), format!("{id}-error"));
    let (caps_lock, set_caps_lock) = signal(false);
    let on_key = move |ev: KeyboardEvent| set_caps_lock.set(ev.get_modifier_state("CapsLock"));
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
    // `passwordrules` is not a standard attribute, so the macro has no method for it.
    let input = view! {
        <input
            id=id
            name=id
            type=move || if shown.get() { "text" } else { "password" }
            autocomplete="new-password"
            autocapitalize="off"
            spellcheck="false"
            required
            prop:value=value
            on:input:target=move |ev| value.set(ev.target().value())
            on:keydown=on_key
            on:keyup=on_key
            on:focus=move |_| on_focus.run(())
            on:blur=move |_| set_caps_lock.set(false)
            aria-invalid=move || error.with(Option::is_some).then_some("true")
            aria-describedby=described
        />
    }
    .attr("passwordrules", move || policy.with(PasswordPolicy::passwordrules));
    view! {
        <div class="epr-field">
            <label for=id>{label}</label>
            <div class="epr-password-row">
                {input}
                <button
                    type="button"
                    class="epr-toggle"
                    aria-controls=id
                    aria-pressed=move || if shown.get() { "true" } else { "false" }
                    on:click=move |_| shown.update(|shown| *shown = !*shown)
                >
                    {text.show_password}
                </button>
            </div>
            <p id=caps_id class="epr-warning" hidden=move || !caps_lock.get()>{text.caps_lock_on}</p>
            <p id=error_id class="epr-error" hidden=move || error.with(Option::is_none)>{move || error.get()}</p>
        </div>
    }
}
