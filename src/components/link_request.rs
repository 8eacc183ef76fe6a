//! The one "e-mail me a reset link" widget, on the forgot-password page and in the expired view.

use std::rc::Rc;

use ep_reset_core::session::link_request::{LinkButton, LinkRequestView, LinkSentence};
use leptos::prelude::*;
use web_sys::Node;

use crate::dom::{El, NodeRef, ev, fragment};
use crate::messages::{Messages, use_messages};

/// The id of the sentence under the button.
pub const LINK_STATUS_ID: &str = "epr-new-link-status";

/// A row of actions led by the request button, whose label counts down, then the sentence that says
/// what the last request did (hidden when there is nothing to say). Both come from `view`.
pub struct LinkRequest {
    /// What the button and the sentence show.
    pub view: Memo<LinkRequestView>,
    /// The button's words while it is ready ("Send reset link", "Send again", "Send me a new link").
    pub ready: &'static str,
    /// Sends the request. Default: none, and the button submits the form it is in.
    pub on_request: Option<Rc<dyn Fn()>>,
    /// Further actions beside the button. Default: none.
    pub children: Vec<Node>,
    /// Reaches the sentence, which takes focus after a failure. Default: none.
    pub sentence_ref: Option<NodeRef>,
}

impl LinkRequest {
    /// The widget with a submit button and no further actions.
    pub fn new(view: Memo<LinkRequestView>, ready: &'static str) -> Self {
        Self { view, ready, on_request: None, children: vec![], sentence_ref: None }
    }

    /// The widget's nodes.
    pub fn render(self) -> Node {
        let Self { view, ready, on_request, children, sentence_ref } = self;
        let messages = use_messages();
        let button = move || view.with(|view| view.button);
        let sentence = move || view.with(|view| view.sentence);
        let mut request = El::new("button")
            .attr("type", if on_request.is_some() { "button" } else { "submit" })
            .attr("class", "epr-primary")
            .bind_flag("disabled", move || button().disabled())
            .bind_aria("aria-busy", move || button() == LinkButton::Sending)
            .bind_text(move || button_label(messages, button(), ready));
        if let Some(on_request) = on_request {
            request = request.on(ev::click, move |_| on_request());
        }
        let actions = El::new("div").attr("class", "epr-actions").child(request).children(children);
        let mut status = El::new("p")
            .attr("id", LINK_STATUS_ID)
            .bind_attr("class", move || {
                Some(
                    if sentence().is_some_and(LinkSentence::is_error) { "epr-error" } else { "epr-notice" }
                        .to_owned(),
                )
            })
            .attr("tabindex", "-1")
            .bind_flag("hidden", move || sentence().is_none())
            .bind_text(move || {
                sentence().map(|sentence| sentence_text(messages, sentence)).unwrap_or_default()
            });
        if let Some(sentence_ref) = sentence_ref {
            status = status.node_ref(sentence_ref);
        }
        fragment([actions.node(), status.node()])
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
