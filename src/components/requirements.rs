//! The live requirements checklist and the strength hint under the new-password field.

use ep_reset_core::password_policy::{CheckState, PasswordPolicy, PolicyReport, Requirement};
use leptos::prelude::*;

use crate::messages::use_messages;

/// The policy's requirements, each marked met, unmet, still being checked or (the common-password
/// line) checked only against the built-in list, updated as the shopper types. Not a live region (it would speak on every keystroke): the password field points at it with
/// `aria-describedby`, so it is read when the field is focused.
#[component]
pub fn RequirementsList(
    /// The list's `id`.
    id: &'static str,
    /// The current report.
    report: Memo<PolicyReport>,
    /// The policy (its length limits are in the list).
    policy: Memo<PasswordPolicy>,
) -> impl IntoView {
    let text = &use_messages().change;
    let item = move |requirement: Requirement| {
        // Nothing typed yet: nothing is met (two empty fields "match", but that helps no one).
        let state = move || {
            let report = report.get();
            let state = report.requirements().into_iter().find(|(r, _)| *r == requirement).map(|(_, s)| s);
            if report.length == 0 { Some(CheckState::Unmet) } else { state }
        };
        let class = move || match state() {
            Some(CheckState::Met | CheckState::PartlyChecked) => "epr-met",
            Some(CheckState::Unknown) => "epr-unknown",
            _ => "epr-unmet",
        };
        let spoken = move || match state() {
            Some(CheckState::Met | CheckState::PartlyChecked) => text.requirement_met,
            Some(CheckState::Unknown) => text.requirement_unknown,
            _ => text.requirement_unmet,
        };
        view! {
            <li class=class>
                {move || match state() {
                    // Only as far as it could be checked: the line says so instead of "isn't common".
                    Some(CheckState::PartlyChecked) => text.not_common_partly_checked.to_owned(),
                    _ => policy.with(|policy| text.requirement(requirement, policy.min_len(), policy.max_len())),
                }}
                " "
                <span class="epr-visually-hidden">{spoken}</span>
            </li>
        }
    };
    let too_long = move || report.get().max_length == CheckState::Unmet;
    view! {
        <div id=id class="epr-requirements">
            <p class="epr-requirements-heading">{text.requirements_heading}</p>
            <ul>
                {item(Requirement::MinLength)}
                {move || too_long().then(|| item(Requirement::MaxLength))}
                {item(Requirement::NotUsername)}
                {item(Requirement::NotCommon)}
                {item(Requirement::MatchesConfirmation)}
            </ul>
        </div>
    }
}

/// "Strength: good." once something is typed; empty otherwise.
#[component]
pub fn StrengthHint(
    /// The element's `id`.
    id: &'static str,
    /// The current report.
    report: Memo<PolicyReport>,
) -> impl IntoView {
    let text = &use_messages().change;
    let hint = move || {
        let report = report.get();
        (report.length > 0).then(|| text.strength(report.strength))
    };
    view! { <p id=id class="epr-strength">{hint}</p> }
}
