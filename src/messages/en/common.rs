use crate::messages::CommonText;
use ep_reset_core::flows::request_flow::StoreOwnerHint;
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
    link_request_hint: |hint| {
        format!("ep-password-reset (for the store owner): {}", link_request_advice(hint))
    },
    back_to_sign_in: "Back to sign in",
    not_found_heading: "Page not found",
    not_found_body: "This address doesn't lead anywhere. If you were trying to reset your password, start again here.",
    not_found_link: "Reset your password",
};

fn link_request_advice(hint: StoreOwnerHint) -> String {
    match hint {
        StoreOwnerHint::OtpDisabled => "the store refused the request with either spelling of type (422); the password profile may have enable_one_time_password_token turned off.".to_owned(),
        StoreOwnerHint::ImplicitTokenRefused => "the implicit token was refused: check data-client-id (401).".to_owned(),
        StoreOwnerHint::NotPermitted => "this store does not let implicit tokens request codes (403).".to_owned(),
        StoreOwnerHint::NotFound => {
            "the store answered 404: check data-realm-id and data-password-profile-id.".to_owned()
        }
        StoreOwnerHint::Refused { status } => format!(
            "the store refused the request ({}).",
            status.map_or("no status".to_owned(), |status| status.to_string())
        ),
        StoreOwnerHint::TypeAccepted(accepted) => format!(
            "the store refused the one-time-password request with type \"{}\" and accepted \"{}\"; this page sends \"{}\" first from now on.",
            accepted.other().as_str(),
            accepted.as_str(),
            accepted.as_str()
        ),
        StoreOwnerHint::NoReadableAnswer => "the one-time-password request got no readable answer although the browser is online. A 429 or 5xx without CORS headers looks like this, so the page waits before the next try; check data-api-base, and that the API's error answers carry Access-Control-Allow-Origin.".to_owned(),
    }
}
