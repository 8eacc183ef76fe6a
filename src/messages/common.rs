//! Text shared by several pages.

use ep_reset_core::username::UsernameError;

/// Text shared by several pages.
pub struct CommonText {
    /// Label of the username field when usernames are e-mail addresses.
    pub email_label: &'static str,
    /// Label of the username field otherwise.
    pub username_label: &'static str,
    /// What is wrong with a typed username.
    pub username_error: fn(UsernameError) -> &'static str,
    /// Link back to the store's sign-in page.
    pub back_to_sign_in: &'static str,
    /// Heading of the not-found view.
    pub not_found_heading: &'static str,
    /// Body of the not-found view.
    pub not_found_body: &'static str,
    /// Link from the not-found view to the forgot-password page.
    pub not_found_link: &'static str,
}
