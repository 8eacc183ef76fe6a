//! Moving between the app's pages: a plain link when the address chose the page (the standalone page),
//! else the element swaps its view in place and the host page's address and history stay as they are.

use ep_reset_core::route::{Navigation, Page};
use leptos::prelude::*;
use web_sys::Node;

use crate::dom::{El, NodeRef, ev};
use crate::focus::{Pick, focus_soon};

/// The page the app shows now, and how links to another page behave. Provided by [`app`](crate::app).
#[derive(Clone, Copy)]
pub struct Navigator {
    /// The page shown (`None`: not found).
    pub page: RwSignal<Option<Page>>,
    pub navigation: Navigation,
    /// The router base, for [`Navigation::Address`] links.
    pub base_path: StoredValue<String>,
    /// The shown page's heading, which takes focus after an in-place move (each page's root holds it).
    pub heading: NodeRef,
}

/// The app's navigator (a page rendered outside [`app`](crate::app) gets one that links by address).
pub fn use_navigator() -> Navigator {
    use_context::<Navigator>().unwrap_or_else(|| Navigator {
        page: RwSignal::new(None),
        navigation: Navigation::Address,
        base_path: StoredValue::new(String::new()),
        heading: NodeRef::new(),
    })
}

/// A link to another page of the app, with `words`: an `<a href>` by address, or a link-styled button
/// that swaps the view in place and then moves focus to the new view's heading.
pub fn page_link(to: Page, words: &'static str) -> Node {
    let navigator = use_navigator();
    match navigator.navigation {
        Navigation::Address => {
            let href = navigator.base_path.with_value(|base| to.href(base));
            El::new("a").attr("href", &href).text(words).node()
        }
        Navigation::InPlace => El::new("button")
            .attr("type", "button")
            .attr("class", "epr-link")
            .on(ev::click, move |_| {
                navigator.page.set(Some(to));
                focus_soon(Pick::First, vec![navigator.heading]);
            })
            .text(words)
            .node(),
    }
}
