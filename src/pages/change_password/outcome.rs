//! The views that replace the form when the reset is over: success, and the final failures.

use std::time::Duration;

use ep_reset_core::flows::reset_flow::FinalReason;
use ep_reset_core::return_to;
use ep_reset_core::route::Page;
use ep_reset_core::session::secs_until;
use leptos::prelude::*;
use web_sys::Node;

use crate::dom::{El, ev, fragment, nothing, region};
use crate::messages::use_messages;
use crate::navigation::page_link;
use crate::pages::frame::leave_link;
use crate::store::Store;
use crate::time::{now_ms, use_ticking_now};

/// How long the success view waits before returning to the configured `return-to`.
const REDIRECT_AFTER: Duration = Duration::from_secs(10);

/// Success: the form is gone (so password managers offer to save), a "Sign in" link, and, when the store
/// configured a same-origin return address, a return to it after a visible countdown the shopper can
/// cancel. `breach_unchecked`: the breach check could not be made, which the view says.
pub fn done_view(store: Store, breach_unchecked: bool) -> Node {
    let text = &use_messages().change;
    let (sign_in_url, return_to) = store.with_value(|store| {
        let config = &store.config;
        (config.sign_in_url.clone(), config.return_to.as_deref().and_then(return_to::sanitize))
    });
    let redirect = return_to.map(|path| {
        let deadline = now_ms() + REDIRECT_AFTER.as_millis() as u64;
        let clock = use_ticking_now();
        let staying = RwSignal::new(false);
        let target = path.clone();
        let go = move || {
            if staying.try_get_untracked() == Some(false)
                && let Some(window) = web_sys::window()
            {
                let _ = window.location().assign(&target);
            }
        };
        if let Ok(handle) = set_timeout_with_handle(go, REDIRECT_AFTER) {
            on_cleanup(move || handle.clear());
        }
        let countdown = region(Memo::new(move |_| staying.get()), move |staying_here| {
            if staying_here {
                return nothing();
            }
            fragment([
                El::new("p")
                    .attr("id", "epr-redirect")
                    .bind_text(move || text.redirect_in.format(secs_until(deadline, clock.now())))
                    .node(),
                El::new("button")
                    .attr("type", "button")
                    .attr("class", "epr-secondary")
                    .on(ev::click, move |_| staying.set(true))
                    .text(text.stay_here)
                    .node(),
            ])
        });
        fragment([countdown, leave_link(&path, text.continue_to_store, "epr-primary-link")])
    });
    let mut section = El::new("section")
        .attr("class", "epr-confirmation")
        .attr("id", "epr-done")
        .child(El::new("p").text(text.done_body));
    if breach_unchecked {
        section = section.child(El::new("p").attr("class", "epr-notice").text(text.breach_unchecked));
    }
    section = section.child(leave_link(&sign_in_url, text.sign_in, "epr-primary-link"));
    if let Some(redirect) = redirect {
        section = section.child(redirect);
    }
    section.node()
}

/// A final failure: what happened, in plain words, and the ways forward (a new link, or sign in).
pub fn final_view(reason: FinalReason, store: Store) -> Node {
    let messages = use_messages();
    let sign_in_url = store.with_value(|store| store.config.sign_in_url.clone());
    let mut section = El::new("section")
        .attr("class", "epr-final")
        .child(El::new("p").text(messages.change.final_body(reason)));
    if reason.offers_new_link() {
        section = section
            .child(El::new("p").child(page_link(Page::ForgotPassword, messages.change.request_link_page)));
    }
    section.child(leave_link(&sign_in_url, messages.common.back_to_sign_in, "")).node()
}
