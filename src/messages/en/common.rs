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
    sending: "Sending…",
    try_again_in: |secs| format!("Try again in {secs} s"),
    rate_limited: |secs| format!("Too many requests right now. Please wait {secs} seconds, then try again."),
    link_request_network_error: "We couldn't reach the store. Check your connection, then try again.",
    link_request_server_error: "The store couldn't handle the request just now. Please try again in a moment.",
    back_to_sign_in: "Back to sign in",
    not_found_heading: "Page not found",
    not_found_body: "This address doesn't lead anywhere. If you were trying to reset your password, start again here.",
    not_found_link: "Reset your password",
};
