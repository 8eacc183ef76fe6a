//! What every page is built in: its root with the heading, its live region, and the links that leave
//! the app.

use leptos::prelude::*;
use web_sys::Node;

use crate::dom::{El, region};
use crate::messages::use_messages;
use crate::navigation::Navigator;
use crate::pages::config_problem_page;

/// `rel` of every link that leaves the app (sign-in page, the store after a reset): `noreferrer` keeps
/// the reset page's address out of the next request.
const LEAVE_APP_REL: &str = "noreferrer noopener";

/// A page's root (`div.epr-page`, with `class` added when not empty) in the catalogue's language and
/// direction, `heading` first: an `<h1>` that takes focus when a new view replaces the last (the
/// navigator's handle reaches it).
pub fn page_root(class: &str, heading: El) -> El {
    let messages = use_messages();
    let class = if class.is_empty() { "epr-page".to_owned() } else { format!("epr-page {class}") };
    El::new("div").attr("class", &class).attr("lang", messages.lang).attr("dir", messages.dir).child(
        match use_context::<Navigator>() {
            Some(navigator) => heading.attr("tabindex", "-1").node_ref(navigator.heading),
            None => heading.attr("tabindex", "-1"),
        },
    )
}

/// The page `page` builds or, while `problem` says the store is not configured after all, the
/// configuration problem in its place.
pub fn page_or_problem(problem: Memo<Option<String>>, page: impl Fn() -> Node + 'static) -> Node {
    region(problem, move |problem| match problem {
        Some(problem) => config_problem_page(vec![problem]),
        None => page(),
    })
}

/// The page's polite live region, visually hidden: it speaks `announcement` each time the text changes.
pub fn live_status(announcement: Memo<Option<String>>) -> Node {
    El::new("p")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .attr("class", "epr-visually-hidden")
        .bind_text(move || announcement.get().unwrap_or_default())
        .node()
}

/// A paragraph with a link to `href` that leaves the app, with `words` (and `class`, when not empty).
pub fn leave_link(href: &str, words: &str, class: &str) -> Node {
    let mut link = El::new("a").attr("href", href).attr("rel", LEAVE_APP_REL);
    if !class.is_empty() {
        link = link.attr("class", class);
    }
    El::new("p").child(link.text(words)).node()
}
