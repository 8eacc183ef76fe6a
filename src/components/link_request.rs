//! The one "e-mail me a reset link" widget, on the forgot-password page and in the expired view.

use std::rc::Rc;

use ep_reset_core::session::link_request::{LinkButton, LinkRequestView, LinkSentence};
use leptos::prelude::*;
use web_sys::Node;

use crate::dom::{El, fragment};
use crate::messages::{Messages, use_messages};

/// The id of the sentence under the button (focused after a failure).
pub const LINK_STATUS_ID: &str = "epr-new-link-status";

/// A row of actions led by the request button, whose label counts down, then the sentence that says
/// what the last request did (hidden when there is nothing to say). Both come from `view`.
///
/// `ready` is the button's words while it is ready ("Send reset link", "Send again", "Send me a new
/// link"); `on_request` sends the request (without it the button submits the form it is in); `more` are
/// further actions beside the button.
pub fn link_request(
    view: Memo<LinkRequestView>,
    ready: &'static str,
    on_request: Option<Rc<dyn Fn()>>,
    more: Option<Node>,
) -> Node {
    let messages = use_messages();
    let button = move || view.with(|view| view.button);
    let sentence = move || view.with(|view| view.sentence);
    let mut request = El::new("button")
        .attr("type", if on_request.is_some() { "button" } else { "submit" })
        .attr("class", "epr-primary")
        .bind_flag("disabled", move || button().disabled())
        .bind_attr("aria-busy", move || (button() == LinkButton::Sending).then(|| "true".to_owned()))
        .bind_text(move || button_label(messages, button(), ready));
    if let Some(on_request) = on_request {
        request = request.on("click", move |_| on_request());
    }
    let mut actions = El::new("div").attr("class", "epr-actions").child(request);
    if let Some(more) = more {
        actions = actions.child(more);
    }
    let status = El::new("p")
        .attr("id", LINK_STATUS_ID)
        .bind_attr("class", move || {
            Some(
                if sentence().is_some_and(LinkSentence::is_error) { "epr-error" } else { "epr-notice" }
                    .to_owned(),
            )
        })
        .attr("tabindex", "-1")
        .bind_flag("hidden", move || sentence().is_none())
        .bind_text(move || sentence().map(|sentence| sentence_text(messages, sentence)).unwrap_or_default());
    fragment([actions.node(), status.node()])
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
