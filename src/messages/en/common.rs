use crate::messages::CommonText;
use ep_reset_core::username::UsernameError;

pub const COMMON: CommonText = CommonText {
    email_label: "E-mail address",
    username_label: "Username",
    username_error: |error| match error {
        UsernameError::Empty => "Enter the address you sign in with.",
        UsernameError::TooLong => "That's too long for an address. Check it and try again.",
        UsernameError::ControlCharacters => {
            "That contains characters an address can't have. Check it and try again."
        }
        UsernameError::NotAnEmail => "Enter an e-mail address, like name@example.com.",
    },
    back_to_sign_in: "Back to sign in",
    not_found_heading: "Page not found",
    not_found_body: "This address doesn't lead anywhere. If you were trying to reset your password, start again here.",
    not_found_link: "Reset your password",
};
