//! The two journeys as state machines over [`EpApi`], plus the small pure helpers their pages need.
//!
//! - [`reset_flow`]: change password (exchange the one-time password once, then set the password).
//! - [`request_flow`]: forgot password (ask for a code without revealing whether the account exists).
//! - [`discovery`]: find the realm and password profile when configuration omits them, and read the
//!   profile's password rules; [`shared_discovery`]: one discovery per page, asked again after a passing
//!   failure.
//! - [`token_cache`], [`cooldown`], [`minimum_delay`], [`in_flight`]: clock- and click-related rules,
//!   with time always passed in.
//! - [`owner_hint`]: what the store owner is told in the console.

pub mod cooldown;
pub mod discovery;
pub mod in_flight;
pub mod minimum_delay;
pub mod owner_hint;
pub mod request_flow;
pub mod reset_flow;
pub mod shared_discovery;
pub mod token_cache;

#[cfg(test)]
pub(crate) mod fake_api;

use crate::api::ApiError;
use crate::api::dto::{
    AccountAuthenticationSettingsResponse, AmTokenResponse, ImplicitTokenResponse, OtpRequestType,
    PasswordProfileInfoList, PasswordProfileList, PasswordProfileResponse, PasswordUpdateBody,
};
use crate::resource_id::ResourceId;
use crate::secret::Secret;

/// The Elastic Path calls the journeys make; implemented by the browser client (and by fakes in tests).
///
/// Every method obtains and sends the implicit token itself (reusing it until shortly before it expires,
/// see [`token_cache::TokenCache`]), never sends cookies or a referrer, and maps failures with
/// [`ApiError::from_response`]. Futures need not be `Send`: the browser client is single-threaded.
#[allow(async_fn_in_trait)]
pub trait EpApi {
    /// `POST /oauth/access_token` (`grant_type=implicit`), or the cached token. The page calls this on load
    /// to warm the cache; it has no side effect on any reset.
    async fn implicit_token(&self) -> Result<ImplicitTokenResponse, ApiError>;

    /// `POST /v2/authentication-realms/{realm}/password-profiles/{profile}/one-time-password-token-request`
    /// with [`OtpRequestBody::reset_password`](crate::api::dto::OtpRequestBody::reset_password), `type`
    /// spelled `kind`. `Ok` on 2xx.
    async fn request_otp(
        &self,
        realm: &ResourceId,
        profile: &ResourceId,
        username: &str,
        kind: OtpRequestType,
    ) -> Result<(), ApiError>;

    /// `POST /v2/account-members/tokens` with
    /// [`AmTokenRequest::passwordless`](crate::api::dto::AmTokenRequest::passwordless).
    async fn exchange_otp(
        &self,
        profile: &ResourceId,
        username: &str,
        otp: &Secret<String>,
    ) -> Result<AmTokenResponse, ApiError>;

    /// `GET /v2/authentication-realms/{realm}/user-authentication-info/{uai}/user-authentication-password-profile-info`
    /// with the `EP-Account-Management-Authentication-Token` header.
    async fn list_password_profile_infos(
        &self,
        realm: &ResourceId,
        uai: &ResourceId,
        am_token: &Secret<String>,
    ) -> Result<PasswordProfileInfoList, ApiError>;

    /// `PUT …/user-authentication-info/{uai}/user-authentication-password-profile-info/{uappi}` with `body`
    /// and the `EP-Account-Management-Authentication-Token` header. `Ok` on 2xx (the body is not needed).
    async fn update_password(
        &self,
        realm: &ResourceId,
        uai: &ResourceId,
        uappi: &ResourceId,
        body: &PasswordUpdateBody,
        am_token: &Secret<String>,
    ) -> Result<(), ApiError>;

    /// `GET /v2/settings/account-authentication`.
    async fn account_authentication_settings(
        &self,
    ) -> Result<AccountAuthenticationSettingsResponse, ApiError>;

    /// `GET /v2/authentication-realms/{realm}/password-profiles`.
    async fn password_profiles(&self, realm: &ResourceId) -> Result<PasswordProfileList, ApiError>;

    /// `GET /v2/authentication-realms/{realm}/password-profiles/{profile}`.
    async fn password_profile(
        &self,
        realm: &ResourceId,
        profile: &ResourceId,
    ) -> Result<PasswordProfileResponse, ApiError>;
}

/// The ids configuration supplies (either may be absent; see [`discovery`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfiguredIds {
    /// The Account Management authentication realm.
    pub realm: Option<ResourceId>,
    /// The password profile with one-time password tokens enabled.
    pub password_profile_id: Option<ResourceId>,
}
