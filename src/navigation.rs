//! Moving between the app's pages: a plain link when the address chose the page (the standalone page),
//! else the element swaps its view in place and the host page's address and history stay as they are.

use ep_reset_core::route::{Navigation, Page};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The page the app shows now, and how links to another page behave. Provided by [`App`](crate::App).
#[derive(Clone, Copy)]
pub struct Navigator {
    /// The page shown (`None`: not found).
    pub page: RwSignal<Option<Page>>,
    pub navigation: Navigation,
    /// The router base, for [`Navigation::Address`] links.
    pub base_path: StoredValue<String>,
    /// The element the app is mounted in, whose heading takes focus after an in-place move.
    pub root: StoredValue<Option<web_sys::Element>, LocalStorage>,
}

/// The app's navigator (a page rendered outside [`App`](crate::App) gets one that links by address).
pub fn use_navigator() -> Navigator {
    use_context::<Navigator>().unwrap_or_else(|| Navigator {
        page: RwSignal::new(None),
        navigation: Navigation::Address,
        base_path: StoredValue::new(String::new()),
        root: StoredValue::new_local(None),
    })
}

/// A link to another page of the app: an `<a href>` by address, or a link-styled button that swaps the
/// view in place and then moves focus to the new view's heading.
#[component]
pub fn PageLink(
    /// The page it leads to.
    to: Page,
    /// Its words.
    text: &'static str,
) -> impl IntoView {
    let navigator = use_navigator();
    match navigator.navigation {
        Navigation::Address => {
            let href = navigator.base_path.with_value(|base| to.href(base));
            view! { <a href=href>{text}</a> }.into_any()
        }
        Navigation::InPlace => {
            let go = move |_| {
                navigator.page.set(Some(to));
                let root = navigator.root;
                request_animation_frame(move || {
                    let heading =
                        root.try_get_value().flatten().and_then(|r| r.query_selector("h1").ok().flatten());
                    if let Some(heading) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
                        let _ = heading.focus();
                    }
                });
            };
            view! { <button type="button" class="epr-link" on:click=go>{text}</button> }.into_any()
        }
    }
}
