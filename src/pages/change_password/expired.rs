//! The code was expired, used or wrong: one button asks for a new link for the same username, through the
//! same [`StoreContext::request_reset_link`](crate::store::StoreContext) the forgot-password page uses
//! (cooldown, 429 wait, neutral answer). The page owns the request action, so its one live region can
//! announce the answer.

use leptos::prelude::*;

use crate::link_request::LinkRequestOutcome;
use crate::messages::{Messages, use_messages};
use crate::routes::Page;
use crate::time::{secs_until, use_ticking_now};

/// The expired view.
#[component]
pub fn ExpiredView(
    /// Requests a new link for a username.
    request: Action<String, LinkRequestOutcome>,
    /// The username the link (or the typed form) was for.
    username: String,
    /// Switches to typing the code from the new e-mail.
    on_enter_code: Callback<()>,
) -> impl IntoView {
    let messages = use_messages();
    let text = &messages.change;
    let now = use_ticking_now();
    let outcome = request.value();
    let pending = request.pending();
    let wait = move || outcome.get().map_or(0, |outcome| wait_secs(outcome, now.get()));
    let sent = move || {
        matches!(
            outcome.get(),
            Some(LinkRequestOutcome::Sent { .. } | LinkRequestOutcome::CoolingDown { .. })
        )
    };
    let label = move || match (pending.get(), wait()) {
        (true, _) => messages.common.sending.to_owned(),
        (false, 0) => text.send_new_link.to_owned(),
        (false, secs) => (messages.common.try_again_in)(secs),
    };
    view! {
        <section class="epr-expired">
            <p>{text.expired_body}</p>
            <div class="epr-actions">
                <button
                    type="button"
                    id="epr-new-link"
                    class="epr-primary"
                    disabled=move || { pending.get() || wait() > 0 }
                    aria-busy=move || pending.get().then_some("true")
                    on:click=move |_| {
                        if !pending.get_untracked() {
                            request.dispatch_local(username.clone());
                        }
                    }
                >
                    {label}
                </button>
                <Show when=sent>
                    <button type="button" id="epr-enter-code" class="epr-secondary" on:click=move |_| on_enter_code.run(())>
                        {text.enter_code_instead}
                    </button>
                </Show>
            </div>
            <p id="epr-new-link-status" class="epr-notice" tabindex="-1">
                {move || outcome.get().and_then(|outcome| new_link_message(messages, outcome, now.get()))}
            </p>
            <p><a href=Page::ForgotPassword.href()>{text.request_link_page}</a></p>
        </section>
    }
}

/// Seconds until another request is possible.
fn wait_secs(outcome: LinkRequestOutcome, now_ms: u64) -> u64 {
    match outcome {
        LinkRequestOutcome::Sent { resend_at_ms }
        | LinkRequestOutcome::CoolingDown { resend_at_ms }
        | LinkRequestOutcome::RateLimited { retry_at_ms: resend_at_ms } => secs_until(resend_at_ms, now_ms),
        _ => 0,
    }
}

/// What to tell the shopper after asking for a new link (the same words whether or not the account
/// exists).
pub fn new_link_message(messages: &Messages, outcome: LinkRequestOutcome, now_ms: u64) -> Option<String> {
    let (text, common) = (&messages.change, &messages.common);
    match outcome {
        LinkRequestOutcome::Sent { .. } => Some(text.new_link_sent.to_owned()),
        LinkRequestOutcome::CoolingDown { .. } => {
            Some((text.new_link_cooling_down)(wait_secs(outcome, now_ms).max(1)))
        }
        LinkRequestOutcome::Network => Some(common.link_request_network_error.to_owned()),
        LinkRequestOutcome::Server | LinkRequestOutcome::NotConfigured(_) => {
            Some(common.link_request_server_error.to_owned())
        }
        LinkRequestOutcome::RateLimited { .. } => {
            let secs = wait_secs(outcome, now_ms);
            (secs > 0).then(|| (common.rate_limited)(secs))
        }
        LinkRequestOutcome::InvalidUsername(_) | LinkRequestOutcome::Busy => None,
    }
}
