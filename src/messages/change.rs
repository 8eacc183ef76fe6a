//! Text of the change-password page.

use ep_reset_core::flows::reset_flow::{FinalReason, Screen};
use ep_reset_core::password_policy::{Requirement, Strength};
use ep_reset_core::reset_link::InvalidReason;

/// Text of the change-password page.
pub struct ChangeText {
    /// The page's heading on each screen.
    pub heading: fn(Screen) -> &'static str,
    /// Introduction under the heading.
    pub intro: &'static str,
    /// Whose password is being changed.
    pub for_account: fn(username: &str) -> String,
    /// Introduction when the code has to be typed (no link, or after a reload).
    pub typed_intro: &'static str,
    /// Shown above the typed-code form when the link could not be read.
    pub broken_link: &'static str,
    /// Label of the one-time code field.
    pub code_label: &'static str,
    /// Help under the code field.
    pub code_help: &'static str,
    /// What is wrong with the typed code.
    pub code_error: fn(InvalidReason) -> &'static str,
    /// Label of the new-password field.
    pub new_password_label: &'static str,
    /// Label of the confirmation field.
    pub confirm_password_label: &'static str,
    /// The show/hide toggle (a pressed/unpressed button; its name does not change).
    pub show_password: &'static str,
    /// Warning under a password field while Caps Lock is on.
    pub caps_lock_on: &'static str,
    /// Heading of the live requirements list.
    pub requirements_heading: &'static str,
    /// One line of the requirements list; `min`/`max` are the policy's limits in characters.
    pub requirement: fn(Requirement, min: usize, max: usize) -> String,
    /// Spoken after a met requirement.
    pub requirement_met: &'static str,
    /// Spoken after an unmet requirement.
    pub requirement_unmet: &'static str,
    /// Spoken while a requirement cannot be checked yet (the list is loading).
    pub requirement_unknown: &'static str,
    /// The common-password line when the full list could not be loaded and only the built-in 100 most
    /// common passwords were checked.
    pub not_common_partly_checked: &'static str,
    /// The strength hint.
    pub strength: fn(Strength) -> &'static str,
    /// Error under the new-password field: what to fix. `length` is the typed length in characters.
    pub password_error: fn(Requirement, length: usize, min: usize, max: usize) -> String,
    /// Error under the confirmation field.
    pub mismatch_error: &'static str,
    /// Button that sets the new password.
    pub submit_button: &'static str,
    /// The button while the change runs.
    pub submitting: &'static str,
    /// The button after a failure that can be retried.
    pub try_again: &'static str,
    /// The store was unreachable; nothing was changed.
    pub network_error: &'static str,
    /// The store failed; nothing was changed.
    pub server_error: &'static str,
    /// Added after a transient failure once the code was accepted: no new link is needed.
    pub code_already_accepted: &'static str,
    /// The store refused the password itself.
    pub rejected: &'static str,
    /// The store refused the change for another reason; trying again may work.
    pub update_refused: &'static str,
    /// Body of the success view.
    pub done_body: &'static str,
    /// Link to the store's sign-in page.
    pub sign_in: &'static str,
    /// Announces the automatic return to the store.
    pub redirect_in: fn(secs: u64) -> String,
    /// Link to the configured return address.
    pub continue_to_store: &'static str,
    /// Cancels the automatic return.
    pub stay_here: &'static str,
    /// Body of the expired view.
    pub expired_body: &'static str,
    /// Button requesting a new link for the same username.
    pub send_new_link: &'static str,
    /// Switches to typing the code from the new e-mail.
    pub enter_code_instead: &'static str,
    /// Link to the forgot-password page.
    pub request_link_page: &'static str,
    /// What a final view says: why the reset cannot go on, in plain words.
    pub final_body: fn(FinalReason) -> &'static str,
}
