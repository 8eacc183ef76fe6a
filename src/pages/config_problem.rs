//! Shown instead of the app when its configuration is unusable: never a blank page, never a panic.

use crate::messages::use_messages;
use leptos::prelude::*;

/// Explains to the shopper that reset is unavailable, and lists each problem for the store owner.
#[component]
pub fn ConfigProblemPage(
    /// One sentence per problem, already translated.
    problems: Vec<String>,
) -> impl IntoView {
    let messages = use_messages();
    view! {
        <div class="epr-page epr-config-problem" lang=messages.lang dir=messages.dir>
            <h1 tabindex="-1">{messages.config.heading}</h1>
            <p>{messages.config.intro}</p>
            <p>{messages.config.details_intro}</p>
            <ul class="epr-config-problems">
                {problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}
            </ul>
        </div>
    }
}
