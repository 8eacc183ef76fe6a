//! Text shared by several pages.

use ep_reset_core::flows::discovery::DiscoveryError;
use ep_reset_core::flows::owner_hint::OwnerHint;
use ep_reset_core::username::UsernameError;

/// Text shared by several pages.
pub struct CommonText {
    /// Label of the username field when usernames are e-mail addresses.
    pub email_label: &'static str,
    /// Label of the username field otherwise.
    pub username_label: &'static str,
    /// What is wrong with a typed username.
    pub username_error: fn(UsernameError) -> &'static str,
    /// A button while its request runs.
    pub sending: &'static str,
    /// A button while a wait after "too many requests" runs: "Try again in 42 s".
    pub try_again_in: fn(secs: u64) -> String,
    /// A link-request button while the cooldown after a sent link runs: "Send again in 42 s".
    pub send_again_in: fn(secs: u64) -> String,
    /// After asking for a link: the neutral confirmation, the same whether or not the account exists.
    pub link_sent: &'static str,
    /// A link was requested moments ago.
    pub link_cooling_down: fn(secs: u64) -> String,
    /// Too many requests: wait this many seconds.
    pub rate_limited: fn(secs: u64) -> String,
    /// Asking for a reset link did not reach the store.
    pub link_request_network_error: &'static str,
    /// Asking for a reset link failed at the store (5xx).
    pub link_request_server_error: &'static str,
    /// For the store owner, in the console: what an answer suggests they fix.
    pub owner_hint: fn(OwnerHint) -> String,
    /// For the store owner, on the configuration-problem page: why the realm or profile could not be
    /// found.
    pub not_configured: fn(DiscoveryError) -> String,
    /// Link back to the store's sign-in page.
    pub back_to_sign_in: &'static str,
    /// Heading of the not-found view.
    pub not_found_heading: &'static str,
    /// Body of the not-found view.
    pub not_found_body: &'static str,
    /// Link from the not-found view to the forgot-password page.
    pub not_found_link: &'static str,
}
