//! The views that replace the form when the reset is over: success, and the final failures.

use std::time::Duration;

use ep_reset_core::flows::reset_flow::FinalReason;
use ep_reset_core::return_to;
use ep_reset_core::route::Page;
use ep_reset_core::session::secs_until;
use leptos::prelude::*;

use crate::messages::use_messages;
use crate::navigation::PageLink;
use crate::pages::LEAVE_APP_REL;
use crate::store::Store;
use crate::time::{now_ms, use_ticking_now};

/// How long the success view waits before returning to the configured `return-to`.
const REDIRECT_AFTER: Duration = Duration::from_secs(10);

/// Success: the form is gone (so password managers offer to save), a "Sign in" link, and, when the store
/// configured a same-origin return address, a return to it after a visible countdown the shopper can
/// cancel.
#[component]
pub fn DoneView(
    /// The store connection (for the sign-in and return addresses).
    store: Store,
) -> impl IntoView {
    let text = &use_messages().change;
    let (sign_in_url, return_to) = store.with_value(|store| {
        let config = &store.config;
        (config.sign_in_url.clone(), config.return_to.as_deref().and_then(return_to::sanitize))
    });
    let redirect = return_to.map(|path| {
        let deadline = now_ms() + REDIRECT_AFTER.as_millis() as u64;
        let clock = use_ticking_now();
        let (staying, set_staying) = signal(false);
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
        let countdown = move || {
            (!staying.get()).then(|| {
                view! {
                    <p id="epr-redirect">{move || text.redirect_in.format(secs_until(deadline, clock.now()))}</p>
                    <button type="button" class="epr-secondary" on:click=move |_| set_staying.set(true)>
                        {text.stay_here}
                    </button>
                }
            })
        };
        view! {
            {countdown}
            <p><a href=path rel=LEAVE_APP_REL class="epr-primary-link">{text.continue_to_store}</a></p>
        }
    });
    view! {
        <section class="epr-confirmation" id="epr-done">
            <p>{text.done_body}</p>
            <p><a href=sign_in_url rel=LEAVE_APP_REL class="epr-primary-link">{text.sign_in}</a></p>
            {redirect}
        </section>
    }
}

/// A final failure: what happened, in plain words, and the ways forward (a new link, or sign in).
#[component]
pub fn FinalView(
    /// Why the reset cannot go on.
    reason: FinalReason,
    /// The store connection (for the sign-in address).
    store: Store,
) -> impl IntoView {
    let messages = use_messages();
    let sign_in_url = store.with_value(|store| store.config.sign_in_url.clone());
    view! {
        <section class="epr-final">
            <p>{messages.change.final_body(reason)}</p>
            {reason.offers_new_link().then(|| view! {
                <p><PageLink to=Page::ForgotPassword text=messages.change.request_link_page/></p>
            })}
            <p><a href=sign_in_url rel=LEAVE_APP_REL>{messages.common.back_to_sign_in}</a></p>
        </section>
    }
}
