//! `/forgot_password`: the shopper asks for a reset link.
//!
//! The page owns the view only. The request and its rules (cooldown, 429 wait, minimum delay, one at a
//! time) are [`StoreContext::request_reset_link`]; what the shopper sees is derived from that action's
//! last outcome, the clock and whether they chose to edit the address again.

use ep_reset_core::flows::discovery::DiscoveryError;
use ep_reset_core::reset_link::username_hint;
use ep_reset_core::username::UsernameFormat;
use leptos::html;
use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::address_bar;
use crate::components::UsernameField;
use crate::focus::focus;
use crate::link_request::LinkRequestOutcome;
use crate::messages::{Messages, use_messages};
use crate::pages::ConfigProblemPage;
use crate::routes::LEAVE_APP_REL;
use crate::store::{StoreContext, use_store, username_format};
use crate::time::{secs_until, use_ticking_now};

/// The forgot-password page: a username field and a button that requests the reset e-mail.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let messages = use_messages();
    match use_store() {
        Some(store) => view! { <ForgotPasswordForm store=store/> }.into_any(),
        // Unreachable in practice: the router only exists with a valid configuration.
        None => view! { <ConfigProblemPage problems=vec![]/> }.into_any(),
    }
    .attr("lang", messages.lang)
}

#[component]
fn ForgotPasswordForm(store: StoreContext) -> impl IntoView {
    let messages = use_messages();
    let text = &messages.forgot;
    let address = address_bar::use_address();
    let username = RwSignal::new(username_hint(&address.search, &address.hash).unwrap_or_default());
    let (editing, set_editing) = signal(false);
    let now = use_ticking_now();
    let sign_in_url = store.config.sign_in_url.clone();
    let ids = store.ids_resource();
    let configured_format = store.config.username_format;
    let cooldown_secs = u64::from(store.config.resend_cooldown_secs);

    let request = Action::new_local(move |typed: &String| {
        let (store, typed) = (store.clone(), typed.clone());
        async move { store.request_reset_link(&typed).await }
    });
    let outcome = request.value();
    let pending = request.pending();
    let send = move || {
        if !pending.get_untracked() {
            set_editing.set(false);
            request.dispatch_local(username.get_untracked());
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        send();
    };

    let confirmed = move || {
        !editing.get()
            && matches!(
                outcome.get(),
                Some(LinkRequestOutcome::Sent { .. } | LinkRequestOutcome::CoolingDown { .. })
            )
    };
    let resend_wait = move || match outcome.get() {
        Some(
            LinkRequestOutcome::Sent { resend_at_ms } | LinkRequestOutcome::CoolingDown { resend_at_ms },
        ) => secs_until(resend_at_ms, now.get()),
        _ => 0,
    };
    let rate_wait = move || match outcome.get() {
        Some(LinkRequestOutcome::RateLimited { retry_at_ms }) => secs_until(retry_at_ms, now.get()),
        _ => 0,
    };
    let not_configured = move || match (outcome.get(), ids.get()) {
        (Some(LinkRequestOutcome::NotConfigured(error)), _) => Some(error),
        (_, Some(Err(error))) if !matches!(error, DiscoveryError::Unavailable(_)) => Some(error),
        _ => None,
    };
    let username_error = move || match outcome.get() {
        Some(LinkRequestOutcome::InvalidUsername(error)) if !editing.get() => Some(error),
        _ => None,
    };
    let form_error = move || match outcome.get() {
        Some(LinkRequestOutcome::Network) => Some(messages.common.link_request_network_error.to_owned()),
        Some(LinkRequestOutcome::Server) => Some(messages.common.link_request_server_error.to_owned()),
        Some(LinkRequestOutcome::RateLimited { .. }) => {
            let secs = rate_wait();
            (secs > 0).then(|| (messages.common.rate_limited)(secs))
        }
        _ => None,
    };
    // One polite announcement per outcome; countdown ticks are not announced.
    let announcement = move || match outcome.get() {
        Some(LinkRequestOutcome::Sent { .. } | LinkRequestOutcome::CoolingDown { .. }) if !editing.get() => {
            format!("{} {}", text.sent_body, (text.cooldown_started)(cooldown_secs))
        }
        Some(LinkRequestOutcome::Network) => messages.common.link_request_network_error.to_owned(),
        Some(LinkRequestOutcome::Server) => messages.common.link_request_server_error.to_owned(),
        _ => String::new(),
    };

    let heading_ref = NodeRef::<html::H2>::new();
    let input_ref = NodeRef::<html::Input>::new();
    let error_ref = NodeRef::<html::P>::new();
    // Focus follows each new answer: the confirmation's heading, the field, or the error.
    Effect::new(move |_| {
        let Some(answer) = outcome.get() else { return };
        request_animation_frame(move || match answer {
            LinkRequestOutcome::Sent { .. } | LinkRequestOutcome::CoolingDown { .. } => focus(heading_ref),
            LinkRequestOutcome::InvalidUsername(_) => focus(input_ref),
            LinkRequestOutcome::Network
            | LinkRequestOutcome::Server
            | LinkRequestOutcome::RateLimited { .. } => focus(error_ref),
            LinkRequestOutcome::NotConfigured(_) | LinkRequestOutcome::Busy => {}
        });
    });

    let format = move || username_format(configured_format, ids.get());
    let form = move || {
        let is_email = format() == UsernameFormat::Email;
        view! {
            <p>{if is_email { text.intro } else { text.intro_any }}</p>
            <form class="epr-form" novalidate on:submit=on_submit>
                <UsernameField
                    format=Signal::derive(format)
                    value=username
                    error=Signal::derive(username_error)
                    node_ref=input_ref
                />
                <p class="epr-error" tabindex="-1" node_ref=error_ref hidden=move || form_error().is_none()>
                    {form_error}
                </p>
                <button
                    type="submit"
                    class="epr-primary"
                    disabled=move || { pending.get() || rate_wait() > 0 }
                    aria-busy=move || pending.get().then_some("true")
                >
                    {move || submit_label(messages, pending.get(), rate_wait())}
                </button>
            </form>
        }
    };
    let confirmation = move || {
        view! {
            <section class="epr-confirmation">
                <h2 tabindex="-1" node_ref=heading_ref>{text.sent_heading}</h2>
                <p>{text.sent_body}</p>
                <p>{text.sent_help}</p>
                <div class="epr-actions">
                    <button
                        type="button"
                        class="epr-primary"
                        disabled=move || { pending.get() || resend_wait() > 0 }
                        on:click=move |_| send()
                    >
                        {move || match resend_wait() {
                            0 if pending.get() => messages.common.sending.to_owned(),
                            0 => text.send_again.to_owned(),
                            secs => (text.send_again_in)(secs),
                        }}
                    </button>
                    <button type="button" class="epr-secondary" on:click=move |_| set_editing.set(true)>
                        {text.use_different_address}
                    </button>
                </div>
            </section>
        }
    };

    view! {
        <Show
            when=move || not_configured().is_none()
            fallback=move || {
                let problem = not_configured().map(text.not_configured).into_iter().collect::<Vec<_>>();
                view! { <ConfigProblemPage problems=problem/> }
            }
        >
            <main class="epr-page" lang=messages.lang dir=messages.dir>
                <h1 tabindex="-1">{text.heading}</h1>
                <Show when=confirmed fallback=form>
                    {confirmation}
                </Show>
                <p role="status" aria-live="polite" class="epr-visually-hidden">{announcement}</p>
                <p><a href=sign_in_url.clone() rel=LEAVE_APP_REL>{messages.common.back_to_sign_in}</a></p>
            </main>
        </Show>
    }
}

fn submit_label(messages: &Messages, pending: bool, rate_wait_secs: u64) -> String {
    if pending {
        messages.common.sending.to_owned()
    } else if rate_wait_secs > 0 {
        (messages.common.try_again_in)(rate_wait_secs)
    } else {
        messages.forgot.send_link_button.to_owned()
    }
}
