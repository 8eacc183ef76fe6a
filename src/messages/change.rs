//! Text of the change-password page.

use ep_reset_core::flows::reset_flow::{FinalReason, Screen};
use ep_reset_core::password_policy::{Requirement, Strength};
use ep_reset_core::reset_link::InvalidReason;

use super::area::{Plural, Text, area};

area! {
    /// Text of the change-password page.
    pub struct ChangeText in "change" {
        /// Heading of the form.
        heading_form: Text,
        /// Heading of the success view.
        heading_done: Text,
        /// Heading of the expired-link view.
        heading_link_expired: Text,
        /// Heading when the member has no account.
        heading_no_account: Text,
        /// Heading when the store does not let shoppers change their password.
        heading_self_management_disabled: Text,
        /// Heading when the link does not say which credential to change.
        heading_link_incomplete: Text,
        /// Heading of the generic failure.
        heading_failed: Text,
        /// Introduction under the heading.
        intro: Text,
        /// Whose password is being changed; `{username}` is rendered isolated (`<bdi>`).
        for_account: Text,
        /// Introduction when the code has to be typed (no link, or after a reload).
        typed_intro: Text,
        /// Shown above the typed-code form when the link could not be read.
        broken_link: Text,
        /// Label of the one-time code field.
        code_label: Text,
        /// Help under the code field.
        code_help: Text,
        /// The code field is empty.
        code_missing: Text,
        /// The typed code is too short.
        code_too_short: Text,
        /// The typed code is too long.
        code_too_long: Text,
        /// The typed code has characters codes never have.
        code_bad_characters: Text,
        /// Label of the new-password field.
        new_password_label: Text,
        /// Label of the confirmation field.
        confirm_password_label: Text,
        /// The show/hide toggle (a pressed/unpressed button; its name does not change).
        show_password: Text,
        /// Warning under a password field while Caps Lock is on.
        caps_lock_on: Text,
        /// Heading of the live requirements list.
        requirements_heading: Text,
        /// Checklist line: the minimum length, `{n}` characters.
        requirement_min_length: Plural,
        /// Checklist line: the maximum length, `{n}` characters.
        requirement_max_length: Plural,
        /// Checklist line: not the username.
        requirement_not_username: Text,
        /// Checklist line: not a common password.
        requirement_not_common: Text,
        /// Checklist line: both fields equal.
        requirement_matches: Text,
        /// Checklist line while the breach check is on: checked when the shopper submits.
        requirement_not_breached: Text,
        /// Checklist line once the breach check found the typed password.
        breached: Text,
        /// Said when the breach check's service could not be reached, so the reset went on with only
        /// the built-in list checked.
        breach_unchecked: Text,
        /// Spoken after a met requirement.
        requirement_met: Text,
        /// Spoken after an unmet requirement.
        requirement_unmet: Text,
        /// Spoken while a requirement cannot be checked yet (the list is loading).
        requirement_unknown: Text,
        /// The common-password line when the full list could not be loaded and only the built-in 100 most
        /// common passwords were checked.
        not_common_partly_checked: Text,
        /// Strength hint: weak.
        strength_weak: Text,
        /// Strength hint: fair.
        strength_fair: Text,
        /// Strength hint: good.
        strength_good: Text,
        /// Strength hint: strong.
        strength_strong: Text,
        /// Error: the new password is empty.
        password_empty: Text,
        /// Error: too short; `{n}` the minimum, `{length}` the typed length.
        password_too_short: Plural,
        /// Advice after "too short".
        long_and_easy: Text,
        /// Error: too long; `{n}` the maximum, `{length}` the typed length.
        password_too_long: Plural,
        /// Error: the password is the username.
        password_is_username: Text,
        /// Error: the password is a common one.
        password_is_common: Text,
        /// Error: the password has appeared in a data breach.
        password_is_breached: Text,
        /// Error under the confirmation field.
        mismatch_error: Text,
        /// Button that sets the new password.
        submit_button: Text,
        /// The button while the change runs.
        submitting: Text,
        /// The button after a failure that can be retried.
        try_again: Text,
        /// The store was unreachable; nothing was changed.
        network_error: Text,
        /// The store failed; nothing was changed.
        server_error: Text,
        /// Added after a transient failure once the code was accepted: no new link is needed.
        code_already_accepted: Text,
        /// The store refused the password itself.
        rejected: Text,
        /// The store refused the change for another reason; trying again may work.
        update_refused: Text,
        /// Body of the success view.
        done_body: Text,
        /// Link to the store's sign-in page.
        sign_in: Text,
        /// Announces the automatic return to the store.
        redirect_in: Plural,
        /// Link to the configured return address.
        continue_to_store: Text,
        /// Cancels the automatic return.
        stay_here: Text,
        /// Body of the expired view.
        expired_body: Text,
        /// Button requesting a new link for the same username.
        send_new_link: Text,
        /// Switches to typing the code from the new e-mail.
        enter_code_instead: Text,
        /// Link to the forgot-password page.
        request_link_page: Text,
        /// Final view: the member has no account.
        final_no_account: Text,
        /// Final view: self-management is switched off.
        final_self_management_disabled: Text,
        /// Final view: the link does not say which credential.
        final_link_incomplete: Text,
        /// Final view: anything else.
        final_failed: Text,
    }
}

impl ChangeText {
    /// The page's heading on each screen.
    pub fn heading(&self, screen: Screen) -> Text {
        match screen {
            Screen::Form | Screen::NotConfigured => self.heading_form,
            Screen::Done => self.heading_done,
            Screen::LinkExpired => self.heading_link_expired,
            Screen::Final(FinalReason::NoAccount) => self.heading_no_account,
            Screen::Final(FinalReason::SelfManagementDisabled) => self.heading_self_management_disabled,
            Screen::Final(FinalReason::LinkIncomplete) => self.heading_link_incomplete,
            Screen::Final(FinalReason::Failed) => self.heading_failed,
        }
    }

    /// What is wrong with the typed code.
    pub fn code_error(&self, reason: InvalidReason) -> Text {
        match reason {
            InvalidReason::Missing => self.code_missing,
            InvalidReason::TooShort => self.code_too_short,
            InvalidReason::TooLong => self.code_too_long,
            InvalidReason::BadCharacters | InvalidReason::ConflictsWithConfig => self.code_bad_characters,
        }
    }

    /// One line of the requirements list; `min`/`max` are the policy's limits in characters.
    pub fn requirement(&self, requirement: Requirement, min: usize, max: usize) -> String {
        match requirement {
            Requirement::MinLength => self.requirement_min_length.format(count(min)),
            Requirement::MaxLength => self.requirement_max_length.format(count(max)),
            Requirement::NotUsername => self.requirement_not_username.to_owned(),
            Requirement::NotCommon => self.requirement_not_common.to_owned(),
            Requirement::MatchesConfirmation => self.requirement_matches.to_owned(),
            Requirement::NotBreached => self.requirement_not_breached.to_owned(),
        }
    }

    /// The strength hint.
    pub fn strength(&self, strength: Strength) -> Text {
        match strength {
            Strength::Weak => self.strength_weak,
            Strength::Fair => self.strength_fair,
            Strength::Good => self.strength_good,
            Strength::Strong => self.strength_strong,
        }
    }

    /// Error under the new-password field: what to fix. `length` is the typed length in characters.
    pub fn password_error(&self, requirement: Requirement, length: usize, min: usize, max: usize) -> String {
        let length = ("length", count(length));
        match requirement {
            Requirement::MinLength if length.1 == 0 => self.password_empty.to_owned(),
            Requirement::MinLength => {
                format!(
                    "{} {}",
                    self.password_too_short.format_with(count(min), &[length]),
                    self.long_and_easy
                )
            }
            Requirement::MaxLength => self.password_too_long.format_with(count(max), &[length]),
            Requirement::NotUsername => self.password_is_username.to_owned(),
            Requirement::NotCommon => self.password_is_common.to_owned(),
            Requirement::MatchesConfirmation => self.mismatch_error.to_owned(),
            Requirement::NotBreached => self.password_is_breached.to_owned(),
        }
    }

    /// What a final view says: why the reset cannot go on, in plain words.
    pub fn final_body(&self, reason: FinalReason) -> Text {
        match reason {
            FinalReason::NoAccount => self.final_no_account,
            FinalReason::SelfManagementDisabled => self.final_self_management_disabled,
            FinalReason::LinkIncomplete => self.final_link_incomplete,
            FinalReason::Failed => self.final_failed,
        }
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}
