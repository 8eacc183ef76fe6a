//! Moving keyboard focus after a state change (to a heading, an error, the first invalid field).
//!
//! Callers run this a frame after the change, when the page may already be gone, so nothing here may
//! panic: a missing or detached node is simply not focused.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Focuses the first element under `root` matching `selector`.
pub fn focus_within(root: &Element, selector: &str) {
    let target = root.query_selector(selector).ok().flatten();
    if let Some(element) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
