//! Moving keyboard focus after a state change (to a heading, an error, the first invalid field), by
//! [`NodeRef`] handles rather than by searching the page.
//!
//! Focus moves a frame after the change, once the new view is on the page; by then the page may be gone,
//! so a handle whose element left the page is simply skipped.

use leptos::prelude::request_animation_frame;
use web_sys::Element;

use crate::dom::NodeRef;

/// Which of several candidates takes focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// The first one on the page.
    First,
    /// The first one that is not `hidden` (a notice with nothing to say is skipped).
    Shown,
    /// The first one that is not `readonly` (a field the shopper can type into).
    Editable,
    /// The first one marked `aria-invalid="true"` (a field to fix).
    Invalid,
}

impl Pick {
    fn accepts(self, element: &Element) -> bool {
        match self {
            Self::First => true,
            Self::Shown => !element.has_attribute("hidden"),
            Self::Editable => !element.has_attribute("readonly"),
            Self::Invalid => element.get_attribute("aria-invalid").as_deref() == Some("true"),
        }
    }
}

/// A frame from now, focuses the first of `candidates` (in the order given) that is on the page and
/// that `pick` accepts; none if none is.
pub fn focus_soon(pick: Pick, candidates: Vec<NodeRef>) {
    request_animation_frame(move || focus_now(pick, &candidates));
}

/// Focuses the first of `candidates` that is on the page and that `pick` accepts.
pub fn focus_now(pick: Pick, candidates: &[NodeRef]) {
    let target = candidates.iter().find(|handle| handle.get().is_some_and(|element| pick.accepts(&element)));
    if let Some(target) = target {
        target.focus();
    }
}
