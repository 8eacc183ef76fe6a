//! Text of the forgot-password page.

/// Text of the forgot-password page.
pub struct ForgotText {
    /// Page heading.
    pub heading: &'static str,
    /// Introduction under the heading (e-mail usernames).
    pub intro: &'static str,
    /// Introduction under the heading (other usernames).
    pub intro_any: &'static str,
    /// Button that requests the reset e-mail.
    pub send_link_button: &'static str,
    /// Heading of the confirmation, the same whether or not the account exists.
    pub sent_heading: &'static str,
    /// The confirmation, the same whether or not the account exists.
    pub sent_body: &'static str,
    /// What to do when the e-mail does not arrive.
    pub sent_help: &'static str,
    /// Button asking for the link again.
    pub send_again: &'static str,
    /// Announced once when the cooldown starts.
    pub cooldown_started: fn(secs: u64) -> String,
    /// Returns to the form with the username kept.
    pub use_different_address: &'static str,
}
