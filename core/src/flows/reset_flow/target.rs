//! What a reset is about: whose password, which code, and which ids are already known.

use crate::flows::ConfiguredIds;
use crate::reset_link::{InvalidReason, LinkIds, ResetLink, ResetLinkError, parse_one_time_code};
use crate::resource_id::ResourceId;
use crate::secret::Secret;

/// Everything the reset needs before the shopper submits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetTarget {
    /// The credential's username, sent unchanged in the exchange and the update.
    pub username: String,
    /// The one-time password.
    pub otp: Secret<String>,
    /// The password profile: from the link, else configuration (or discovery).
    pub password_profile_id: ResourceId,
    /// The realm named by the link (tried first).
    pub link_realm: Option<ResourceId>,
    /// The configured (or discovered) realm (tried after the token's `realm_id` claim).
    pub config_realm: Option<ResourceId>,
    /// The credential id, when the link carries it (saves the list call).
    pub uappi_id: Option<ResourceId>,
}

/// Why a reset cannot even start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetSetupError {
    /// The link conflicts with configuration (see [`LinkIds::check_pins`]).
    Link(ResetLinkError),
    /// The typed code is not a plausible one-time password.
    Code(InvalidReason),
    /// Neither the link nor configuration names a password profile.
    NoPasswordProfile,
}

impl ResetTarget {
    /// From a parsed link and configuration: checks the pins, takes the profile from the link, else config.
    pub fn from_link(link: ResetLink, configured: &ConfiguredIds) -> Result<Self, ResetSetupError> {
        Self::build(link.username, link.token, link.ids, configured)
    }

    /// The typed-code path: `username` from the link or typed (already normalised by the page), `code`
    /// as typed (trimmed and checked here), and whatever ids the address still carries.
    pub fn from_typed_code(
        username: &str,
        code: &str,
        ids: LinkIds,
        configured: &ConfiguredIds,
    ) -> Result<Self, ResetSetupError> {
        let otp = parse_one_time_code(code).map_err(ResetSetupError::Code)?;
        Self::build(username.to_owned(), otp, ids, configured)
    }

    fn build(
        username: String,
        otp: Secret<String>,
        ids: LinkIds,
        configured: &ConfiguredIds,
    ) -> Result<Self, ResetSetupError> {
        ids.check_pins(configured.realm.as_ref(), configured.password_profile_id.as_ref())
            .map_err(ResetSetupError::Link)?;
        let password_profile_id = ids
            .password_profile_id
            .or_else(|| configured.password_profile_id.clone())
            .ok_or(ResetSetupError::NoPasswordProfile)?;
        Ok(Self {
            username,
            otp,
            password_profile_id,
            link_realm: ids.authentication_realm_id,
            config_realm: configured.realm.clone(),
            uappi_id: ids.user_authentication_password_profile_info_id,
        })
    }
}
