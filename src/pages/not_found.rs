//! Any other path under the base: say so and offer the way in.

use ep_reset_core::route::Page;
use web_sys::Node;

use crate::dom::El;
use crate::messages::use_messages;
use crate::navigation::page_link;
use crate::pages::frame::page_root;

/// The not-found view, with a link to the forgot-password page.
pub fn not_found_page() -> Node {
    let messages = use_messages();
    page_root("", El::new("h1").text(messages.common.not_found_heading))
        .child(El::new("p").text(messages.common.not_found_body))
        .child(El::new("p").child(page_link(Page::ForgotPassword, messages.common.not_found_link)))
        .node()
}
