//! Request and response bodies of every Elastic Path call in the two journeys.
//!
//! Requests are built only through constructors, so the fixed `type`/`purpose`/`authentication_mechanism`
//! values cannot be got wrong. Responses hold only the fields the flows use; every other field is ignored,
//! and a used field that is `null` or of an unexpected type reads as absent,
//! so an answer is refused only when what the flows need is missing.

use serde::{Deserialize, Serialize};

use super::lenient;
use crate::resource_id::ResourceId;
use crate::secret::Secret;
use crate::username::UsernameFormat;

// -- implicit token: POST /oauth/access_token -- //

/// The form fields of the implicit-token request (`application/x-www-form-urlencoded`).
pub fn implicit_token_form(client_id: &str) -> [(&'static str, &str); 2] {
    [("grant_type", "implicit"), ("client_id", client_id)]
}

/// The implicit-token response. Real stores send the fields at the top level; one OpenAPI example
/// wraps them in `data`, so both are accepted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "ImplicitTokenWire")]
pub struct ImplicitTokenResponse {
    /// The bearer token.
    pub access_token: Secret<String>,
    /// Absolute expiry, Unix epoch seconds.
    pub expires: Option<u64>,
    /// Lifetime in seconds (3600).
    pub expires_in: Option<u64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ImplicitTokenWire {
    Wrapped { data: ImplicitTokenFields },
    Flat(ImplicitTokenFields),
}

#[derive(Deserialize)]
struct ImplicitTokenFields {
    access_token: Secret<String>,
    #[serde(default, deserialize_with = "lenient::optional")]
    expires: Option<u64>,
    #[serde(default, deserialize_with = "lenient::optional")]
    expires_in: Option<u64>,
}

impl From<ImplicitTokenWire> for ImplicitTokenResponse {
    fn from(wire: ImplicitTokenWire) -> Self {
        let (ImplicitTokenWire::Wrapped { data: f } | ImplicitTokenWire::Flat(f)) = wire;
        Self { access_token: f.access_token, expires: f.expires, expires_in: f.expires_in }
    }
}

// -- one-time password request: POST …/password-profiles/:id/one-time-password-token-request -- //

/// The two spellings of the one-time-password request's `type`. Elastic Path's docs, SDK, CLI and
/// examples send underscores; its newest single-sign-on spec requires hyphens. A store may accept either
/// or both, so the request flow starts with one and falls back to the other once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OtpRequestType {
    /// `one_time_password_token_request` (what most sources send; the first choice).
    #[default]
    Underscores,
    /// `one-time-password-token-request`.
    Hyphens,
}

impl OtpRequestType {
    /// The `type` value as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Underscores => "one_time_password_token_request",
            Self::Hyphens => "one-time-password-token-request",
        }
    }

    /// The other spelling.
    pub fn other(self) -> Self {
        match self {
            Self::Underscores => Self::Hyphens,
            Self::Hyphens => Self::Underscores,
        }
    }
}

/// `{"data":{"type":<OtpRequestType>,"username":…,"purpose":"reset_password"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtpRequestBody {
    data: OtpRequestData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct OtpRequestData {
    #[serde(rename = "type")]
    kind: &'static str,
    username: String,
    purpose: &'static str,
}

impl OtpRequestBody {
    /// A request for a password-reset code for `username` (already normalised), with `type` spelled `kind`.
    pub fn reset_password(username: &str, kind: OtpRequestType) -> Self {
        Self {
            data: OtpRequestData {
                kind: kind.as_str(),
                username: username.to_owned(),
                purpose: "reset_password",
            },
        }
    }
}

// -- exchange: POST /v2/account-members/tokens -- //

/// The `passwordless` account-management token request: trades a one-time password for tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmTokenRequest {
    data: AmTokenRequestData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct AmTokenRequestData {
    #[serde(rename = "type")]
    kind: &'static str,
    authentication_mechanism: &'static str,
    password_profile_id: ResourceId,
    username: String,
    one_time_password_token: Secret<String>,
}

impl AmTokenRequest {
    /// The body for `username`'s one-time password `otp` issued under `password_profile_id`.
    pub fn passwordless(password_profile_id: &ResourceId, username: &str, otp: &Secret<String>) -> Self {
        Self {
            data: AmTokenRequestData {
                kind: "account_management_authentication_token",
                authentication_mechanism: "passwordless",
                password_profile_id: password_profile_id.clone(),
                username: username.to_owned(),
                one_time_password_token: otp.clone(),
            },
        }
    }
}

/// The exchange's `201` body: one token per account the member belongs to.
///
/// `data` must be present; `null` (as Go servers send an empty list) or an empty array means the member
/// belongs to no account. Each entry's `expires`, `account_id` and the like are not read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AmTokenResponse {
    /// One entry per account.
    #[serde(deserialize_with = "lenient::list")]
    pub data: Vec<AmToken>,
    /// `meta` (absent in older stores).
    #[serde(default, deserialize_with = "lenient::optional")]
    pub meta: Option<AmTokenMeta>,
}

impl AmTokenResponse {
    /// The first usable token: every entry carries the same member, so any will do.
    pub fn first_token(&self) -> Option<&Secret<String>> {
        self.data.iter().find_map(|entry| entry.token.as_ref().filter(|t| !t.expose().is_empty()))
    }

    /// `meta.account_member_id`, if present.
    pub fn account_member_id(&self) -> Option<&str> {
        self.meta.as_ref()?.account_member_id.as_deref()
    }
}

/// One entry of the exchange's `data`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AmToken {
    /// The account-management token (a JWT).
    #[serde(default, deserialize_with = "lenient::optional")]
    pub token: Option<Secret<String>>,
}

/// The exchange's `meta`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct AmTokenMeta {
    /// The member who authenticated; equals the user-authentication-info id.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub account_member_id: Option<String>,
}

// -- credentials: …/user-authentication-info/:id/user-authentication-password-profile-info -- //

/// One user-authentication-password-profile-info (a username/password credential). Every field may be
/// missing, so that an odd entry still counts when the flow decides whether a choice is unambiguous.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileInfo {
    /// Its id.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub id: Option<String>,
    /// The credential's username.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub username: Option<String>,
    /// The password profile it belongs to.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub password_profile_id: Option<String>,
}

/// The list response (paging fields ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileInfoList {
    /// The member's credentials; possibly several per password profile.
    #[serde(default, deserialize_with = "lenient::list")]
    pub data: Vec<PasswordProfileInfo>,
}

/// The `PUT` body that sets a new password: `id`, `type`, `password_profile_id`, `username`, `password`
/// (the union of what Elastic Path's sources require).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PasswordUpdateBody {
    data: PasswordUpdateData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct PasswordUpdateData {
    id: ResourceId,
    #[serde(rename = "type")]
    kind: &'static str,
    password_profile_id: ResourceId,
    username: String,
    password: Secret<String>,
}

impl PasswordUpdateBody {
    /// The body setting `password` on credential `id` (unchanged `username`, exactly as typed password).
    pub fn new(
        id: &ResourceId,
        password_profile_id: &ResourceId,
        username: &str,
        password: &Secret<String>,
    ) -> Self {
        Self {
            data: PasswordUpdateData {
                id: id.clone(),
                kind: "user_authentication_password_profile_info",
                password_profile_id: password_profile_id.clone(),
                username: username.to_owned(),
                password: password.clone(),
            },
        }
    }
}

// -- discovery: GET /v2/settings/account-authentication, GET …/password-profiles -- //

/// `GET /v2/settings/account-authentication`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccountAuthenticationSettingsResponse {
    /// The settings.
    pub data: AccountAuthenticationSettings,
}

/// The store's account-authentication settings (only what this app reads).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AccountAuthenticationSettings {
    /// Holds the realm.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub relationships: Option<SettingsRelationships>,
}

impl AccountAuthenticationSettings {
    /// `relationships.authentication_realm.data.id`.
    pub fn realm_id(&self) -> Option<&str> {
        self.relationships.as_ref()?.authentication_realm.as_ref()?.data.as_ref()?.id.as_deref()
    }
}

/// `relationships` of the settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SettingsRelationships {
    /// The Account Management realm.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub authentication_realm: Option<Relationship>,
}

/// A JSON:API relationship `{ "data": { "id", "type" } }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Relationship {
    /// The related resource.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub data: Option<RelatedResource>,
}

/// The related resource's identity.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RelatedResource {
    /// Its id.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub id: Option<String>,
}

/// `GET /v2/authentication-realms/:realm/password-profiles`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileList {
    /// The realm's password profiles (entries that are not objects are skipped).
    #[serde(default, deserialize_with = "lenient::list")]
    pub data: Vec<PasswordProfile>,
}

/// `GET /v2/authentication-realms/:realm/password-profiles/:id`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileResponse {
    /// The profile.
    pub data: PasswordProfile,
}

/// A password profile (only what this app reads). Elastic Path requires only `type` and `name`, so every
/// field but the id may be missing or `null`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfile {
    /// Its id; `None` when missing or not a string. Such an entry still counts when discovery looks for
    /// the one profile with one-time password tokens enabled, so it can make the choice ambiguous but
    /// never silently decide it.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub id: Option<String>,
    /// `email` or `any` (an unknown value reads as `any`); `None` when missing or not a string.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub username_format: Option<UsernameFormat>,
    /// Whether one-time password tokens can be requested; only `true` counts.
    #[serde(default, deserialize_with = "lenient::optional")]
    pub enable_one_time_password_token: Option<bool>,
    /// The shortest password the profile accepts, when it says (a non-negative integer).
    #[serde(default, deserialize_with = "lenient::optional")]
    pub min_length: Option<u32>,
}

impl PasswordProfile {
    /// Whether the profile says one-time password tokens are enabled.
    pub fn otp_enabled(&self) -> bool {
        self.enable_one_time_password_token == Some(true)
    }
}

#[cfg(test)]
mod tests;
