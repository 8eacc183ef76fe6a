//! The code was expired, used or wrong: one button asks for a new link for the same username, through the
//! same [`LinkRequester`](ep_reset_core::session::link_request::LinkRequester) the forgot-password page
//! uses (cooldown, 429 wait, neutral answer); once sent, the code from the new e-mail can be typed here.

use std::rc::Rc;

use ep_reset_core::host_event::HostEvent;
use ep_reset_core::route::Page;
use ep_reset_core::session::link_request::{LinkButton, LinkRequestView};
use ep_reset_core::session::reset::{ChangeView, ResetSession};
use leptos::prelude::*;
use web_sys::Node;

use super::{ResetPage, after_change};
use crate::components::LinkRequest;
use crate::dom::{El, ev, nothing, region};
use crate::messages::use_messages;
use crate::navigation::page_link;
use crate::time::now_ms;

/// The expired view: the link-request widget for the link's username, then the way to type the code
/// from the new e-mail.
pub fn expired_view(page: ResetPage) -> Node {
    let text = &use_messages().change;
    let ResetPage { model, view, fields, .. } = page;
    let link = Memo::new(move |_| {
        view.with(|view| match view {
            ChangeView::Expired(expired) => expired.link,
            _ => LinkRequestView { button: LinkButton::Ready, sentence: None },
        })
    });
    let code_entry = Memo::new(move |_| {
        view.with(|view| matches!(view, ChangeView::Expired(expired) if expired.code_entry))
    });
    let enter_code = region(code_entry, move |shown| {
        if !shown {
            return nothing();
        }
        El::new("button")
            .attr("type", "button")
            .attr("id", "epr-enter-code")
            .attr("class", "epr-secondary")
            .on(ev::click, move |_| {
                if let Some(username) = model.update(ResetSession::enter_code) {
                    fields.restart_typed(username);
                    after_change(page);
                }
            })
            .text(text.enter_code_instead)
            .node()
    });
    let new_link = LinkRequest {
        on_request: Some(Rc::new(move || request_link(page))),
        children: vec![enter_code],
        ..LinkRequest::new(link, text.send_new_link)
    };
    El::new("section")
        .attr("class", "epr-expired")
        .child(El::new("p").text(text.expired_body))
        .child(new_link.render())
        .child(El::new("p").child(page_link(Page::ForgotPassword, text.request_link_page)))
        .node()
}

/// "Send me a new link", for the expired link's username; the host hears the answer.
fn request_link(page: ResetPage) {
    let ResetPage { store, model, view, events, .. } = page;
    let Some(store) = store.try_get_value() else { return };
    let Some((running, username)) = model.update(|reset| reset.start_link_request(&store.links)).flatten()
    else {
        return;
    };
    let request =
        async move { store.links.request(running, &store.client, &store.host, store.ids(), &username).await };
    // The page may be gone by the answer (moved away in place, or unmounted): then there is nothing to tell.
    model.spawn(
        request,
        |reset, outcome| reset.link_answered(outcome, now_ms()),
        move || events.send(view.try_with_untracked(HostEvent::of_change).flatten()),
    );
}
