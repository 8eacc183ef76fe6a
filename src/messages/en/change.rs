use crate::messages::ChangeText;
use ep_reset_core::flows::reset_flow::{FinalReason, Screen};
use ep_reset_core::password_policy::{Requirement, Strength};
use ep_reset_core::reset_link::InvalidReason;

const MISMATCH: &str = "The two passwords don't match. Type the same password in both fields.";
const LONG_AND_EASY: &str = "A few words make a long password easy to remember.";
const NOT_USERNAME: &str =
    "Don't use your username or e-mail name as your password. Choose something others can't guess.";
const NOT_COMMON: &str = "This password is one of the most common ones, so it's easy to guess. Choose another, such as a few unrelated words.";

pub const CHANGE: ChangeText = ChangeText {
    heading: |screen| match screen {
        Screen::Form | Screen::NotConfigured => "Choose a new password",
        Screen::Done => "Your password has been changed",
        Screen::LinkExpired => "This link has expired or was already used",
        Screen::Final(FinalReason::NoAccount) => "This account can't reset its password here",
        Screen::Final(FinalReason::SelfManagementDisabled) => "Password changes are switched off",
        Screen::Final(FinalReason::LinkIncomplete) => "This link is incomplete",
        Screen::Final(FinalReason::Failed) => "Something went wrong",
    },
    intro: "Pick a password you don't use anywhere else.",
    for_account: |username| format!("You're changing the password for {username}."),
    typed_intro: "Enter the code from your password-reset e-mail, then choose a new password.",
    broken_link: "This link looks broken or incomplete. You can type the code from the e-mail instead, or ask for a new link.",
    code_label: "Code from the e-mail",
    code_help: "It's in the password-reset e-mail, next to the link. Each code works once, for 10 minutes.",
    code_error: |reason| match reason {
        InvalidReason::Missing => "Enter the code from the e-mail.",
        InvalidReason::TooShort => "That code is too short. Copy it exactly as it appears in the e-mail.",
        InvalidReason::TooLong => "That code is too long. Copy it exactly as it appears in the e-mail.",
        InvalidReason::BadCharacters | InvalidReason::ConflictsWithConfig => {
            "Codes have only letters and digits. Copy it exactly as it appears in the e-mail."
        }
    },
    new_password_label: "New password",
    confirm_password_label: "Confirm new password",
    show_password: "Show password",
    caps_lock_on: "Caps Lock is on.",
    requirements_heading: "Your new password",
    requirement: |requirement, min, max| match requirement {
        Requirement::MinLength => format!("has at least {min} characters"),
        Requirement::MaxLength => format!("has at most {max} characters"),
        Requirement::NotUsername => "isn't your username or e-mail name".to_owned(),
        Requirement::NotCommon => "isn't a commonly used password".to_owned(),
        Requirement::MatchesConfirmation => "matches the confirmation".to_owned(),
    },
    requirement_met: "(done)",
    requirement_unmet: "(not yet)",
    requirement_unknown: "(checking)",
    not_common_partly_checked: "isn't one of the 100 most common passwords (the full list couldn't be loaded)",
    strength: |strength| match strength {
        Strength::Weak => "Strength: weak. Longer is stronger: try a few unrelated words.",
        Strength::Fair => "Strength: fair. A few more characters or words would help.",
        Strength::Good => "Strength: good.",
        Strength::Strong => "Strength: strong.",
    },
    password_error: |requirement, length, min, max| match requirement {
        Requirement::MinLength if length == 0 => "Enter a new password.".to_owned(),
        Requirement::MinLength => {
            format!("Use at least {min} characters; this one has {length}. {LONG_AND_EASY}")
        }
        Requirement::MaxLength => format!("Use at most {max} characters; this one has {length}."),
        Requirement::NotUsername => NOT_USERNAME.to_owned(),
        Requirement::NotCommon => NOT_COMMON.to_owned(),
        Requirement::MatchesConfirmation => MISMATCH.to_owned(),
    },
    mismatch_error: MISMATCH,
    submit_button: "Change password",
    submitting: "Changing your password…",
    try_again: "Try again",
    network_error: "We couldn't reach the store, so your password hasn't been changed yet. Check your connection, then try again.",
    server_error: "The store couldn't handle the request just now, so your password hasn't been changed yet. Please try again in a moment.",
    code_already_accepted: "Your link was accepted: trying again won't need a new one.",
    rejected: "The store didn't accept this password. Choose a different one, then try again.",
    update_refused: "Something went wrong at the store, so your password hasn't been changed yet. Please try again.",
    done_body: "You can now sign in with your new password.",
    sign_in: "Sign in",
    redirect_in: |secs| format!("Taking you back to the store in {secs} seconds."),
    continue_to_store: "Continue to the store",
    stay_here: "Stay on this page",
    expired_body: "Reset links work once, for 10 minutes. We can e-mail you a new one.",
    send_new_link: "Send me a new link",
    enter_code_instead: "Enter the code from the new e-mail",
    request_link_page: "Ask for a new link",
    final_body: |reason| match reason {
        FinalReason::NoAccount => {
            "Your sign-in isn't linked to a customer account in this store, so the password can't be changed here. Please contact the store's support."
        }
        FinalReason::SelfManagementDisabled => {
            "This store doesn't let shoppers change their own password right now. Your password hasn't been changed. Please contact the store's support."
        }
        FinalReason::LinkIncomplete => {
            "We couldn't tell which password to change from this link, so nothing was changed. Ask for a new link and use the newest e-mail."
        }
        FinalReason::Failed => "Your password hasn't been changed. Please ask for a new link and try again.",
    },
};
