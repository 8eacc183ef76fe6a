//! Any other path under the base: say so and offer the way in.

use ep_reset_core::route::Page;
use leptos::prelude::*;

use crate::messages::use_messages;
use crate::store::Store;

/// The not-found view, with a link to the forgot-password page.
#[component]
pub fn NotFoundPage(store: Store) -> impl IntoView {
    let messages = use_messages();
    let forgot = store.with_value(|store| Page::ForgotPassword.href(&store.config.base_path));
    view! {
        <main class="epr-page" lang=messages.lang dir=messages.dir>
            <h1 tabindex="-1">{messages.common.not_found_heading}</h1>
            <p>{messages.common.not_found_body}</p>
            <p><a href=forgot>{messages.common.not_found_link}</a></p>
        </main>
    }
}
