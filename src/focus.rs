//! Moving keyboard focus after a state change (to a heading, an error, the first invalid field).
//!
//! Callers run this a frame after the change, when the page may already be gone, so nothing here may
//! panic: a missing or detached node is simply not focused.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// A frame from now (once the new view is on the page), focuses the first element matching `selector`
/// under the element `root` holds, if the page still has one.
pub fn focus_soon(root: StoredValue<Option<Element>, LocalStorage>, selector: String) {
    request_animation_frame(move || {
        if let Some(Some(root)) = root.try_get_value() {
            focus_within(&root, &selector);
        }
    });
}

/// Focuses the first element under `root` matching `selector`.
pub fn focus_within(root: &Element, selector: &str) {
    let target = root.query_selector(selector).ok().flatten();
    if let Some(element) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
