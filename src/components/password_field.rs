//! A new-password input with an accessible show/hide toggle and a Caps Lock warning.

use leptos::prelude::*;
use web_sys::KeyboardEvent;

use crate::messages::use_messages;

/// One labelled `autocomplete="new-password"` field.
///
/// The toggle is a real button (`aria-pressed`, `aria-controls`) whose name stays the same; the page owns
/// `shown` so it can mask the field again on submit. The Caps Lock warning follows the key events typed
/// into this field and is tied to it with `aria-describedby`.
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
    /// Ids of the elements describing the field (requirements, error), space-separated; may be empty.
    #[prop(into)]
    described_by: Signal<String>,
    /// Whether the field currently has an error.
    #[prop(into)]
    invalid: Signal<bool>,
    /// The `passwordrules` attribute, for password generators that read it.
    #[prop(optional, into)]
    passwordrules: Option<Signal<String>>,
    /// Called when the field gains focus.
    #[prop(optional, into)]
    on_focus: Option<Callback<()>>,
) -> impl IntoView {
    let text = &use_messages().change;
    let caps_id = format!("{id}-caps");
    let (caps_lock, set_caps_lock) = signal(false);
    let on_key = move |ev: KeyboardEvent| set_caps_lock.set(ev.get_modifier_state("CapsLock"));
    let described = {
        let caps_id = caps_id.clone();
        move || {
            let ids = [described_by.get(), if caps_lock.get() { caps_id.clone() } else { String::new() }];
            let joined = ids.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ");
            (!joined.is_empty()).then_some(joined)
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
            on:focus=move |_| {
                if let Some(callback) = on_focus {
                    callback.run(());
                }
            }
            on:blur=move |_| set_caps_lock.set(false)
            aria-invalid=move || invalid.get().then_some("true")
            aria-describedby=described
        />
    }
    .attr("passwordrules", move || passwordrules.map(|rules| rules.get()));
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
        </div>
    }
}
