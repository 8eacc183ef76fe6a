//! Any other path under the base: say so and offer the way in.

use ep_reset_core::route::Page;
use leptos::prelude::*;

use crate::messages::use_messages;
use crate::navigation::PageLink;

/// The not-found view, with a link to the forgot-password page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let messages = use_messages();
    view! {
        <div class="epr-page" lang=messages.lang dir=messages.dir>
            <h1 tabindex="-1">{messages.common.not_found_heading}</h1>
            <p>{messages.common.not_found_body}</p>
            <p><PageLink to=Page::ForgotPassword text=messages.common.not_found_link/></p>
        </div>
    }
}
