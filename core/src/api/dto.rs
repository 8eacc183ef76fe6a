//! Request and response bodies of every Elastic Path call in the two journeys.
//!
//! Requests are built only through constructors, so the fixed `type`/`purpose`/`authentication_mechanism`
//! values cannot be got wrong. Responses ignore unknown fields and make optional whatever Elastic Path's
//! sources disagree on.

use serde::{Deserialize, Serialize};

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
    /// `Bearer`.
    pub token_type: Option<String>,
    /// Absolute expiry, Unix epoch seconds.
    pub expires: Option<u64>,
    /// Lifetime in seconds (3600).
    pub expires_in: Option<u64>,
    /// `implicit`.
    pub identifier: Option<String>,
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
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires: Option<u64>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    identifier: Option<String>,
}

impl From<ImplicitTokenWire> for ImplicitTokenResponse {
    fn from(wire: ImplicitTokenWire) -> Self {
        let (ImplicitTokenWire::Wrapped { data: f } | ImplicitTokenWire::Flat(f)) = wire;
        Self {
            access_token: f.access_token,
            token_type: f.token_type,
            expires: f.expires,
            expires_in: f.expires_in,
            identifier: f.identifier,
        }
    }
}

// -- one-time password request: POST …/password-profiles/:id/one-time-password-token-request -- //

/// `{"data":{"type":"one_time_password_token_request","username":…,"purpose":"reset_password"}}`.
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
    /// A request for a password-reset code for `username` (already normalised).
    pub fn reset_password(username: &str) -> Self {
        Self {
            data: OtpRequestData {
                kind: "one_time_password_token_request",
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AmTokenResponse {
    /// One entry per account; empty when the member belongs to no account.
    pub data: Vec<AmToken>,
    /// `meta.account_member_id` (absent in older stores).
    #[serde(default)]
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
    #[serde(default)]
    pub token: Option<Secret<String>>,
    /// The account this token acts for.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The account's name.
    #[serde(default)]
    pub account_name: Option<String>,
    /// Expiry as an ISO-8601 string.
    #[serde(default)]
    pub expires: Option<String>,
    /// `account_management_authentication_token`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// The exchange's `meta`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct AmTokenMeta {
    /// The member who authenticated; equals the user-authentication-info id.
    #[serde(default)]
    pub account_member_id: Option<String>,
}

// -- credentials: …/user-authentication-info/:id/user-authentication-password-profile-info -- //

/// One user-authentication-password-profile-info (a username/password credential).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileInfo {
    /// Its id.
    pub id: String,
    /// `user_authentication_password_profile_info`.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The credential's username.
    #[serde(default)]
    pub username: Option<String>,
    /// The password profile it belongs to.
    #[serde(default)]
    pub password_profile_id: Option<String>,
}

/// The list response (`data` is an array; paging fields ignored).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileInfoList {
    /// The member's credentials, one per password profile.
    #[serde(default)]
    pub data: Vec<PasswordProfileInfo>,
}

impl PasswordProfileInfoList {
    /// The credential of `password_profile_id`, if listed.
    pub fn for_profile(&self, password_profile_id: &ResourceId) -> Option<&PasswordProfileInfo> {
        self.data.iter().find(|info| {
            info.password_profile_id
                .as_deref()
                .and_then(ResourceId::parse)
                .is_some_and(|id| id.same_as(password_profile_id))
        })
    }
}

/// A single credential (`GET …/:id`, and the `PUT`'s `200` body).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileInfoResponse {
    /// The credential (never includes the password).
    pub data: PasswordProfileInfo,
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
    /// `disabled` or `update_only`; for console hints.
    #[serde(default)]
    pub account_member_self_management: Option<String>,
    /// Holds the realm.
    #[serde(default)]
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
    #[serde(default)]
    pub authentication_realm: Option<Relationship>,
}

/// A JSON:API relationship `{ "data": { "id", "type" } }`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Relationship {
    /// The related resource.
    #[serde(default)]
    pub data: Option<RelatedResource>,
}

/// The related resource's identity.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RelatedResource {
    /// Its id.
    #[serde(default)]
    pub id: Option<String>,
}

/// `GET /v2/authentication-realms/:realm/password-profiles`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfileList {
    /// The realm's password profiles.
    #[serde(default)]
    pub data: Vec<PasswordProfile>,
}

/// A password profile (only what this app reads).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PasswordProfile {
    /// Its id.
    pub id: String,
    /// Its name, for console hints.
    #[serde(default)]
    pub name: Option<String>,
    /// `email` or `any`.
    #[serde(default)]
    pub username_format: UsernameFormat,
    /// Whether one-time password tokens can be requested (defaults to `false`).
    #[serde(default)]
    pub enable_one_time_password_token: bool,
}

#[cfg(test)]
mod tests;
