//! A sentence around a value from outside (a username, an e-mail address).

use ep_reset_core::locale::catalogue::split_at;
use leptos::prelude::*;

/// `template` with its `{name}` replaced by `value` inside a `<bdi>`, so the value keeps its own
/// direction: an address in an Arabic or Hebrew sentence is not reordered, nor does it reorder the
/// sentence. A template without the placeholder is shown as it is.
#[component]
pub fn Isolated(template: &'static str, name: &'static str, value: String) -> impl IntoView {
    match split_at(template, name) {
        Some((before, after)) => view! { {before}<bdi>{value}</bdi>{after} }.into_any(),
        None => template.into_any(),
    }
}
