//! The code was expired, used or wrong: one button asks for a new link for the same username, through the
//! same [`LinkRequester`](ep_reset_core::session::link_request::LinkRequester) the forgot-password page
//! uses (cooldown, 429 wait, neutral answer); once sent, the code from the new e-mail can be typed here.

use std::rc::Rc;

use ep_reset_core::host_event::HostEvent;
use ep_reset_core::route::Page;
use ep_reset_core::session::link_request::{LinkButton, LinkRequestView};
use ep_reset_core::session::reset::ChangeView;
use leptos::prelude::*;
use web_sys::Node;

use super::ResetPage;
use crate::components::link_request;
use crate::dom::{El, nothing, region};
use crate::host_events::use_host_events;
use crate::messages::use_messages;
use crate::navigation::page_link;
use crate::time::now_ms;

/// The expired view: the link-request widget for the link's username, then the way to type the code
/// from the new e-mail.
pub fn expired_view(page: ResetPage) -> Node {
    let text = &use_messages().change;
    let ResetPage { store, session, view, fields, .. } = page;
    let events = use_host_events();
    let link = Memo::new(move |_| {
        view.with(|view| match view {
            ChangeView::Expired(expired) => expired.link,
            _ => LinkRequestView { button: LinkButton::Ready, sentence: None },
        })
    });
    let code_entry = Memo::new(move |_| {
        view.with(|view| matches!(view, ChangeView::Expired(expired) if expired.code_entry))
    });
    let request = move || {
        let (Some(store), Some(reset)) = (store.try_get_value(), session.session()) else { return };
        let username = view.with_untracked(|view| match view {
            ChangeView::Expired(expired) => Some(expired.username.clone()),
            _ => None,
        });
        let (Some(username), Some(running)) = (username, store.links.try_start()) else { return };
        session.changed();
        leptos::task::spawn_local(async move {
            let outcome =
                store.links.request(running, &store.client, &store.host, store.ids(), &username).await;
            reset.link_answered(outcome, now_ms());
            session.changed();
            // The page may be gone by now (moved away in place, or unmounted): then there is nothing to tell.
            events.send(view.try_with_untracked(HostEvent::of_change).flatten());
        });
    };
    let enter_code = region(code_entry, move |shown| {
        if !shown {
            return nothing();
        }
        El::new("button")
            .attr("type", "button")
            .attr("id", "epr-enter-code")
            .attr("class", "epr-secondary")
            .on("click", move |_| session.update(|reset| fields.restart_typed(reset.enter_code())))
            .text(text.enter_code_instead)
            .node()
    });
    El::new("section")
        .attr("class", "epr-expired")
        .child(El::new("p").text(text.expired_body))
        .child(link_request(link, text.send_new_link, Some(Rc::new(request)), Some(enter_code)))
        .child(El::new("p").child(page_link(Page::ForgotPassword, text.request_link_page)))
        .node()
}
