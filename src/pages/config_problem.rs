//! Shown instead of the app when its configuration is unusable: never a blank page, never a panic.

use web_sys::Node;

use crate::dom::El;
use crate::messages::use_messages;
use crate::pages::frame::page_root;

/// Explains to the shopper that reset is unavailable, and lists each problem (one translated sentence
/// each) for the store owner.
pub fn config_problem_page(problems: Vec<String>) -> Node {
    let messages = use_messages();
    let mut list = El::new("ul").attr("class", "epr-config-problems");
    for problem in problems {
        list = list.child(El::new("li").text(&problem));
    }
    page_root("epr-config-problem", El::new("h1").text(messages.config.heading))
        .child(El::new("p").text(messages.config.intro))
        .child(El::new("p").text(messages.config.details_intro))
        .child(list)
        .node()
}
