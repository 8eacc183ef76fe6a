//! Text shared by several pages.

/// Text shared by several pages.
pub struct CommonText {
    /// Link back to the store's sign-in page.
    pub back_to_sign_in: &'static str,
    /// Heading of the not-found view.
    pub not_found_heading: &'static str,
    /// Body of the not-found view.
    pub not_found_body: &'static str,
    /// Link from the not-found view to the forgot-password page.
    pub not_found_link: &'static str,
}
