//! Moving keyboard focus after a state change (to a heading, an error, the first invalid field).
//!
//! Callers run these a frame after the change, when the page may already be gone, so nothing here may
//! panic: a missing or disposed node is simply not focused.

use leptos::html::ElementType;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses the element behind `node`, if it is still on the page.
pub fn focus<E>(node: NodeRef<E>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let element = node.try_get_untracked().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Focuses the first element under `root` matching `selector`.
pub fn focus_within<E>(root: NodeRef<E>, selector: &str)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let root = root.try_get_untracked().flatten().and_then(|e| e.dyn_into::<web_sys::Element>().ok());
    let target = root.and_then(|r| r.query_selector(selector).ok().flatten());
    if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
