//! A sentence around a value from outside (a username, an e-mail address).

use ep_reset_core::locale::catalogue::split_at;
use web_sys::Node;

use crate::dom::{El, fragment, text};

/// `template` with its `{name}` replaced by `value` inside a `<bdi>`, so the value keeps its own
/// direction: an address in an Arabic or Hebrew sentence is not reordered, nor does it reorder the
/// sentence. A template without the placeholder is shown as it is.
pub fn isolated(template: &'static str, name: &'static str, value: &str) -> Node {
    match split_at(template, name) {
        Some((before, after)) => fragment([text(before), El::new("bdi").text(value).node(), text(after)]),
        None => text(template),
    }
}
