//! The one "e-mail me a reset link" widget, on the forgot-password page and in the expired view.

use ep_reset_core::session::link_request::{LinkButton, LinkRequestView, LinkSentence};
use leptos::prelude::*;

use crate::messages::{Messages, use_messages};

/// The id of the sentence under the button (focused after a failure).
pub const LINK_STATUS_ID: &str = "epr-new-link-status";

/// A row of actions led by the request button, whose label counts down, then the sentence that says
/// what the last request did (hidden when there is nothing to say). Both come from `view`.
#[component]
pub fn LinkRequest(
    /// What the button and the sentence show.
    view: Memo<LinkRequestView>,
    /// The button's words while it is ready ("Send reset link", "Send again", "Send me a new link").
    ready: &'static str,
    /// Sends the request; without it the button submits the form it is in.
    #[prop(optional)]
    on_request: Option<Callback<()>>,
    /// Further actions beside the button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let messages = use_messages();
    let button = move || view.with(|view| view.button);
    let sentence = move || view.with(|view| view.sentence);
    view! {
        <div class="epr-actions">
            <button
                type=if on_request.is_some() { "button" } else { "submit" }
                class="epr-primary"
                disabled=move || button().disabled()
                aria-busy=move || (button() == LinkButton::Sending).then_some("true")
                on:click=move |_| {
                    if let Some(request) = on_request {
                        request.run(());
                    }
                }
            >
                {move || button_label(messages, button(), ready)}
            </button>
            {children.map(|children| children())}
        </div>
        <p
            id=LINK_STATUS_ID
            class=move || if sentence().is_some_and(LinkSentence::is_error) { "epr-error" } else { "epr-notice" }
            tabindex="-1"
            hidden=move || sentence().is_none()
        >
            {move || sentence().map(|sentence| sentence_text(messages, sentence))}
        </p>
    }
}

fn button_label(messages: &Messages, button: LinkButton, ready: &'static str) -> String {
    let common = &messages.common;
    match button {
        LinkButton::Ready => ready.to_owned(),
        LinkButton::Sending => common.sending.to_owned(),
        LinkButton::SendAgainIn(secs) => common.send_again_in.format(secs),
        LinkButton::TryAgainIn(secs) => common.try_again_in.format(secs),
    }
}

/// The words for `sentence`, the same whether or not the account exists.
pub fn sentence_text(messages: &Messages, sentence: LinkSentence) -> String {
    let common = &messages.common;
    match sentence {
        LinkSentence::Sent => common.link_sent.to_owned(),
        LinkSentence::CoolingDown { secs } => common.link_cooling_down.format(secs),
        LinkSentence::Network => common.link_request_network_error.to_owned(),
        LinkSentence::Server => common.link_request_server_error.to_owned(),
        LinkSentence::RateLimited { secs } => common.rate_limited.format(secs),
    }
}
