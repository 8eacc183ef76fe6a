use crate::messages::ForgotText;
use ep_reset_core::flows::discovery::DiscoveryError;

pub const FORGOT: ForgotText = ForgotText {
    heading: "Forgot your password?",
    intro: "Enter the e-mail address you sign in with. We'll send you a link to choose a new password.",
    intro_any: "Enter the username you sign in with. We'll e-mail you a link to choose a new password.",
    send_link_button: "Send reset link",
    sent_heading: "Check your e-mail",
    sent_body: "If an account exists for that address, we've sent a link to reset your password. The link works for 10 minutes.",
    sent_help: "Nothing arrived? Check your spam folder, make sure the address is the one you sign in with, or send the link again.",
    send_again: "Send again",
    send_again_in: |secs| format!("Send again in {secs} s"),
    cooldown_started: |secs| format!("You can ask for another link in {secs} seconds."),
    use_different_address: "Use a different address",
    not_configured: |error| {
        match error {
        DiscoveryError::Refused(_) => {
            "The store didn't let this page look up its settings: set data-realm-id and data-password-profile-id.".to_owned()
        }
        DiscoveryError::Unavailable(_) => "The store's settings couldn't be read just now.".to_owned(),
        DiscoveryError::NoRealm => "The store's settings name no authentication realm: set data-realm-id.".to_owned(),
        DiscoveryError::NoOtpProfile => {
            "No password profile has one-time password tokens enabled: enable them, or set data-password-profile-id.".to_owned()
        }
        DiscoveryError::AmbiguousProfiles { count } => {
            format!("{count} password profiles have one-time password tokens enabled: set data-password-profile-id.")
        }
    }
    },
};
