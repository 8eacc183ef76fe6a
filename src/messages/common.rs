//! Text shared by several pages.

use ep_reset_core::flows::discovery::DiscoveryError;
use ep_reset_core::flows::owner_hint::OwnerHint;
use ep_reset_core::username::UsernameError;

use super::area::{Plural, Text, area};
use super::owner;

area! {
    /// Text shared by several pages.
    pub struct CommonText in "common" {
        /// Label of the username field when usernames are e-mail addresses.
        email_label: Text,
        /// Label of the username field otherwise.
        username_label: Text,
        /// The username is empty.
        username_empty: Text,
        /// The username is too long.
        username_too_long: Text,
        /// The username holds control characters.
        username_control_characters: Text,
        /// The username should be an e-mail address and is not.
        username_not_an_email: Text,
        /// A button while its request runs.
        sending: Text,
        /// A button while a wait after "too many requests" runs: "Try again in 42 s".
        try_again_in: Plural,
        /// A link-request button while the cooldown after a sent link runs: "Send again in 42 s".
        send_again_in: Plural,
        /// After asking for a link: the neutral confirmation, the same whether or not the account exists.
        link_sent: Text,
        /// A link was requested moments ago.
        link_cooling_down: Plural,
        /// Too many requests: wait this many seconds.
        rate_limited: Plural,
        /// Asking for a reset link did not reach the store.
        link_request_network_error: Text,
        /// Asking for a reset link failed at the store (5xx).
        link_request_server_error: Text,
        /// Link back to the store's sign-in page.
        back_to_sign_in: Text,
        /// Heading of the not-found view.
        not_found_heading: Text,
        /// Body of the not-found view.
        not_found_body: Text,
        /// Link from the not-found view to the forgot-password page.
        not_found_link: Text,
    }
}

impl CommonText {
    /// What is wrong with a typed username.
    pub fn username_error(&self, error: UsernameError) -> Text {
        match error {
            UsernameError::Empty => self.username_empty,
            UsernameError::TooLong => self.username_too_long,
            UsernameError::ControlCharacters => self.username_control_characters,
            UsernameError::NotAnEmail => self.username_not_an_email,
        }
    }

    /// For the store owner, in the console (English): what an answer suggests they fix.
    pub fn owner_hint(&self, hint: OwnerHint) -> String {
        owner::hint(hint)
    }

    /// For the store owner, on the page (English): why the realm or profile could not be found.
    pub fn not_configured(&self, error: DiscoveryError) -> String {
        owner::not_configured(error)
    }
}
