use crate::messages::ChangeText;
use crate::messages::change::OwnerHint;
use ep_reset_core::password_policy::{Requirement, Strength};
use ep_reset_core::reset_link::InvalidReason;

const MISMATCH: &str = "The two passwords don't match. Type the same password in both fields.";
const LONG_AND_EASY: &str = "A few words make a long password easy to remember.";
const NOT_USERNAME: &str =
    "Don't use your username or e-mail name as your password. Choose something others can't guess.";
const NOT_COMMON: &str = "This password is one of the most common ones, so it's easy to guess. Choose another, such as a few unrelated words.";

pub const CHANGE: ChangeText = ChangeText {
    heading: "Choose a new password",
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
    done_heading: "Your password has been changed",
    done_body: "You can now sign in with your new password.",
    sign_in: "Sign in",
    redirect_in: |secs| format!("Taking you back to the store in {secs} seconds."),
    continue_to_store: "Continue to the store",
    stay_here: "Stay on this page",
    expired_heading: "This link has expired or was already used",
    expired_body: "Reset links work once, for 10 minutes. We can e-mail you a new one.",
    send_new_link: "Send me a new link",
    new_link_sent: "If an account exists for that address, we've sent a new link. Check your e-mail: it works for 10 minutes.",
    new_link_cooling_down: |secs| {
        format!("A link was sent moments ago. Check your e-mail, or ask again in {secs} seconds.")
    },
    enter_code_instead: "Enter the code from the new e-mail",
    request_link_page: "Ask for a new link",
    no_account_heading: "This account can't reset its password here",
    no_account_body: "Your sign-in isn't linked to a customer account in this store, so the password can't be changed here. Please contact the store's support.",
    self_management_heading: "Password changes are switched off",
    self_management_body: "This store doesn't let shoppers change their own password right now. Your password hasn't been changed. Please contact the store's support.",
    incomplete_heading: "This link is incomplete",
    incomplete_body: "We couldn't tell which password to change from this link, so nothing was changed. Ask for a new link and use the newest e-mail.",
    failed_heading: "Something went wrong",
    failed_body: "Your password hasn't been changed. Please ask for a new link and try again.",
    owner_hint: |hint| match hint {
        OwnerHint::NoAccount => {
            "ep-password-reset (for the store owner): the account member belongs to no account (token exchange returned data: []); turn on auto_create_account_for_account_members or add the member to an account."
        }
        OwnerHint::SelfManagementDisabled => {
            "ep-password-reset (for the store owner): the password update was refused (403); set account_member_self_management to update_only in the account authentication settings."
        }
        OwnerHint::LinkIncomplete => {
            "ep-password-reset (for the store owner): the member's password credential could not be found (or the profile has several and none has the link's username); put user_authentication_password_profile_info_id and password_profile_id in the e-mailed link."
        }
        OwnerHint::NoRealm => {
            "ep-password-reset (for the store owner): no authentication realm in the link, the token or the configuration; set data-realm-id or put authentication_realm_id in the e-mailed link."
        }
        OwnerHint::LinkConflictsWithConfig => {
            "ep-password-reset (for the store owner): the e-mailed link names a realm or password profile other than data-realm-id / data-password-profile-id."
        }
        OwnerHint::UpdateRefused => {
            "ep-password-reset (for the store owner): the store refused the password update (400/422) for a reason other than the password (its error's source does not name data.password); see the request diagnostics above. \"Try again\" repeats the update with the same account-management token."
        }
        OwnerHint::Failed => {
            "ep-password-reset (for the store owner): the password reset failed unexpectedly; see the request diagnostics above."
        }
    },
};
