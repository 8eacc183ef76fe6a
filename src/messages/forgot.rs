//! Text of the forgot-password page.

use super::area::{Plural, Text, area};

area! {
    /// Text of the forgot-password page.
    pub struct ForgotText in "forgot" {
        /// Page heading.
        heading: Text,
        /// Introduction under the heading (e-mail usernames).
        intro: Text,
        /// Introduction under the heading (other usernames).
        intro_any: Text,
        /// Button that requests the reset e-mail.
        send_link_button: Text,
        /// Heading of the confirmation, the same whether or not the account exists.
        sent_heading: Text,
        /// The confirmation, the same whether or not the account exists.
        sent_body: Text,
        /// What to do when the e-mail does not arrive.
        sent_help: Text,
        /// Button asking for the link again.
        send_again: Text,
        /// Announced once when the cooldown starts.
        cooldown_started: Plural,
        /// Returns to the form with the username kept.
        use_different_address: Text,
    }
}
