//! The live requirements checklist and the strength hint under the new-password field.

use ep_reset_core::password_policy::{CheckState, PasswordPolicy, PolicyReport, Requirement};
use ep_reset_core::session::reset::BreachLine;
use leptos::prelude::*;
use web_sys::Node;

use crate::dom::{El, nothing, region};
use crate::messages::use_messages;

/// The policy's requirements, each marked met, unmet, still being checked or (the common-password
/// line) checked only against the built-in list, updated as the shopper types; then, when the breach
/// check is on, its line. Not a live region (it would speak on every keystroke): the password field
/// points at it with `aria-describedby`, so it is read when the field is focused. The policy gives the
/// length limits in the list.
pub fn requirements_list(
    id: &'static str,
    report: Memo<PolicyReport>,
    policy: impl Fn() -> PasswordPolicy + Copy + 'static,
    breach: Memo<Option<BreachLine>>,
) -> Node {
    let text = &use_messages().change;
    let item = move |requirement: Requirement| {
        // Nothing typed yet: nothing is met (two empty fields "match", but that helps no one).
        let state = move || {
            let report = report.get();
            let state = report.requirements().into_iter().find(|(r, _)| *r == requirement).map(|(_, s)| s);
            if report.length == 0 { Some(CheckState::Unmet) } else { state }
        };
        El::new("li")
            .bind_attr("class", move || {
                Some(
                    match state() {
                        Some(CheckState::Met | CheckState::PartlyChecked) => "epr-met",
                        Some(CheckState::Unknown) => "epr-unknown",
                        _ => "epr-unmet",
                    }
                    .to_owned(),
                )
            })
            .bind_text(move || match state() {
                // Only as far as it could be checked: the line says so instead of "isn't common".
                Some(CheckState::PartlyChecked) => text.not_common_partly_checked.to_owned(),
                _ => {
                    let policy = policy();
                    text.requirement(requirement, policy.min_len(), policy.max_len())
                }
            })
            .text(" ")
            .child(El::new("span").attr("class", "epr-visually-hidden").bind_text(move || {
                match state() {
                    Some(CheckState::Met | CheckState::PartlyChecked) => text.requirement_met,
                    Some(CheckState::Unknown) => text.requirement_unknown,
                    _ => text.requirement_unmet,
                }
                .to_owned()
            }))
            .node()
    };
    let too_long = Memo::new(move |_| report.with(|report| report.max_length == CheckState::Unmet));
    let list = El::new("ul")
        .child(item(Requirement::MinLength))
        .child(region(
            too_long,
            move |too_long| if too_long { item(Requirement::MaxLength) } else { nothing() },
        ))
        .child(item(Requirement::NotUsername))
        .child(item(Requirement::NotCommon))
        .child(item(Requirement::MatchesConfirmation))
        .child(region(breach, breach_item));
    El::new("div")
        .attr("id", id)
        .attr("class", "epr-requirements")
        .child(El::new("p").attr("class", "epr-requirements-heading").text(text.requirements_heading))
        .child(list)
        .node()
}

/// The breach check's line: checked at submit, found (unmet), or not checked (the service could not be
/// reached, so only the built-in list was).
fn breach_item(line: Option<BreachLine>) -> Node {
    let text = &use_messages().change;
    let (class, words, state) = match line {
        None => return nothing(),
        Some(BreachLine::AtSubmit) => ("epr-unknown", text.requirement_not_breached, ""),
        Some(BreachLine::Breached) => ("epr-unmet", text.breached, text.requirement_unmet),
        Some(BreachLine::Unchecked) => ("epr-unknown", text.breach_unchecked, ""),
    };
    El::new("li")
        .attr("class", class)
        .attr("id", "epr-breach")
        .text(words)
        .text(" ")
        .child(El::new("span").attr("class", "epr-visually-hidden").text(state))
        .node()
}

/// "Strength: good." once something is typed; empty otherwise.
pub fn strength_hint(id: &'static str, report: Memo<PolicyReport>) -> Node {
    let text = &use_messages().change;
    El::new("p")
        .attr("id", id)
        .attr("class", "epr-strength")
        .bind_text(move || {
            let report = report.get();
            if report.length > 0 { text.strength(report.strength).to_owned() } else { String::new() }
        })
        .node()
}
