//! The Elastic Path API paths the tool calls, relative to the API base URL.

/// The token endpoint (not versioned).
pub const ACCESS_TOKEN: &str = "/oauth/access_token";
/// Account authentication settings.
pub const SETTINGS: &str = "/v2/settings/account-authentication";
/// Account member authentication (the app exchanges the one-time password here).
pub const MEMBER_TOKENS: &str = "/v2/account-members/tokens";
/// Integrations.
pub const INTEGRATIONS: &str = "/v2/integrations";

/// The realm's password profiles.
pub fn profiles(realm: &str) -> String {
    format!("/v2/authentication-realms/{realm}/password-profiles")
}

/// One password profile.
pub fn profile(realm: &str, id: &str) -> String {
    format!("{}/{id}", profiles(realm))
}

/// A profile's one-time password token request.
pub fn otp_request(realm: &str, profile_id: &str) -> String {
    format!("{}/one-time-password-token-request", profile(realm, profile_id))
}

/// The realm's user authentication infos.
pub fn users(realm: &str) -> String {
    format!("/v2/authentication-realms/{realm}/user-authentication-info")
}

/// A user's password profile infos.
pub fn credentials(realm: &str, user: &str) -> String {
    format!("{}/{user}/user-authentication-password-profile-info", users(realm))
}

/// One password profile info.
pub fn credential(realm: &str, user: &str, id: &str) -> String {
    format!("{}/{id}", credentials(realm, user))
}

/// One integration.
pub fn integration(id: &str) -> String {
    format!("{INTEGRATIONS}/{id}")
}
