//! Request and response bodies of every Elastic Path call in the two journeys.
//!
//! Requests are built only through constructors, so the fixed `type`/`purpose`/`authentication_mechanism`
//! values cannot be got wrong. Responses hold only the fields the flows use; every other field is ignored,
//! and a used field that is `null` or of an unexpected type reads as absent ([`Json`]'s typed readers),
//! so an answer is refused only when what the flows need is missing.

use super::json::{Answer, Field, FieldError, FromJson, Json, write_data};
use crate::resource_id::ResourceId;
use crate::secret::Secret;
use crate::username::UsernameFormat;

// -- implicit token: POST /oauth/access_token -- //

/// The implicit-token request's fields.
#[derive(serde::Serialize)]
struct ImplicitTokenForm<'a> {
    grant_type: &'static str,
    client_id: &'a str,
}

/// The form body of the implicit-token request (`application/x-www-form-urlencoded`); `None` only if
/// the encoder refuses, which it does not for two strings.
pub fn implicit_token_form(client_id: &str) -> Option<String> {
    serde_urlencoded::to_string(ImplicitTokenForm { grant_type: "implicit", client_id }).ok()
}

/// The implicit-token response. Real stores send the fields at the top level; one OpenAPI example
/// wraps them in `data`, so both are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImplicitTokenResponse {
    pub access_token: Secret<String>,
    /// Absolute expiry, Unix epoch seconds.
    pub expires: Option<u64>,
    /// Lifetime in seconds (3600).
    pub expires_in: Option<u64>,
}

impl FromJson for ImplicitTokenResponse {
    const ANSWER: Answer = Answer::ImplicitToken;

    fn from_json(json: &Json) -> Result<Self, FieldError> {
        let json = json.expect_object(Field::Whole)?;
        let fields =
            json.object_at("data").filter(|data| data.str_at("access_token").is_some()).unwrap_or(json);
        Ok(Self {
            access_token: Secret::new(fields.require_str(Field::AccessToken)?.to_owned()),
            expires: fields.u64_at("expires"),
            expires_in: fields.u64_at("expires_in"),
        })
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpRequestBody {
    kind: OtpRequestType,
    username: String,
}

impl OtpRequestBody {
    /// A request for a password-reset code for `username` (already normalised), with `type` spelled `kind`.
    pub fn reset_password(username: &str, kind: OtpRequestType) -> Self {
        Self { kind, username: username.to_owned() }
    }

    /// The JSON text sent.
    pub fn to_json(&self) -> String {
        write_data(&[
            ("type", self.kind.as_str()),
            ("username", &self.username),
            ("purpose", "reset_password"),
        ])
    }
}

// -- exchange: POST /v2/account-members/tokens -- //

/// The `passwordless` account-management token request: trades a one-time password for tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmTokenRequest {
    password_profile_id: ResourceId,
    username: String,
    one_time_password_token: Secret<String>,
}

impl AmTokenRequest {
    /// The body for `username`'s one-time password `otp` issued under `password_profile_id`.
    pub fn passwordless(password_profile_id: &ResourceId, username: &str, otp: &Secret<String>) -> Self {
        Self {
            password_profile_id: password_profile_id.clone(),
            username: username.to_owned(),
            one_time_password_token: otp.clone(),
        }
    }

    /// The JSON text sent (it carries the one-time password: never log it).
    pub fn to_json(&self) -> String {
        write_data(&[
            ("type", "account_management_authentication_token"),
            ("authentication_mechanism", "passwordless"),
            ("password_profile_id", self.password_profile_id.as_str()),
            ("username", &self.username),
            ("one_time_password_token", self.one_time_password_token.expose()),
        ])
    }
}

/// The exchange's `201` body: one token per account the member belongs to.
///
/// `data` must be present; `null` (as Go servers send an empty list) or an empty array means the member
/// belongs to no account. Each entry's `expires`, `account_id` and the like are not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmTokenResponse {
    /// One entry per account.
    pub data: Vec<AmToken>,
    /// `meta` (absent in older stores).
    pub meta: Option<AmTokenMeta>,
}

impl FromJson for AmTokenResponse {
    const ANSWER: Answer = Answer::AccountMemberTokens;

    fn from_json(json: &Json) -> Result<Self, FieldError> {
        json.expect_object(Field::Whole)?.require(Field::Data)?;
        let data = json
            .objects_at("data")
            .map(|entry| AmToken { token: entry.str_at("token").map(|token| Secret::new(token.to_owned())) })
            .collect();
        let meta = json.object_at("meta").map(|meta| AmTokenMeta {
            account_member_id: meta.str_at("account_member_id").map(str::to_owned),
        });
        Ok(Self { data, meta })
    }
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

/// One entry of the exchange's `data` (entries that are not objects are skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmToken {
    /// The account-management token (a JWT).
    pub token: Option<Secret<String>>,
}

/// The exchange's `meta`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AmTokenMeta {
    /// The member who authenticated; equals the user-authentication-info id.
    pub account_member_id: Option<String>,
}

// -- credentials: …/user-authentication-info/:id/user-authentication-password-profile-info -- //

/// One user-authentication-password-profile-info (a username/password credential). Every field may be
/// missing, so that an odd entry still counts when the flow decides whether a choice is unambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordProfileInfo {
    pub id: Option<String>,
    /// The credential's username.
    pub username: Option<String>,
    /// The password profile it belongs to.
    pub password_profile_id: Option<String>,
}

impl PasswordProfileInfo {
    /// Reads one entry, an object.
    fn of(json: &Json) -> Self {
        let text = |key| json.str_at(key).map(str::to_owned);
        Self { id: text("id"), username: text("username"), password_profile_id: text("password_profile_id") }
    }
}

/// The list response (paging fields ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordProfileInfoList {
    /// The member's credentials; possibly several per password profile (entries that are not objects
    /// are skipped).
    pub data: Vec<PasswordProfileInfo>,
}

impl FromJson for PasswordProfileInfoList {
    const ANSWER: Answer = Answer::PasswordProfileInfos;

    fn from_json(json: &Json) -> Result<Self, FieldError> {
        let data =
            json.expect_object(Field::Whole)?.objects_at("data").map(PasswordProfileInfo::of).collect();
        Ok(Self { data })
    }
}

/// The `PUT` body that sets a new password: `id`, `type`, `password_profile_id`, `username`, `password`
/// (the union of what Elastic Path's sources require).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordUpdateBody {
    id: ResourceId,
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
            id: id.clone(),
            password_profile_id: password_profile_id.clone(),
            username: username.to_owned(),
            password: password.clone(),
        }
    }

    /// The JSON text sent (it carries the new password: never log it).
    pub fn to_json(&self) -> String {
        write_data(&[
            ("id", self.id.as_str()),
            ("type", "user_authentication_password_profile_info"),
            ("password_profile_id", self.password_profile_id.as_str()),
            ("username", &self.username),
            ("password", self.password.expose()),
        ])
    }
}

// -- discovery: GET /v2/settings/account-authentication, GET …/password-profiles -- //

/// `GET /v2/settings/account-authentication`: only the realm (`data.relationships.authentication_realm
/// .data.id`) is read. `data` must be an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAuthenticationSettingsResponse {
    pub data: AccountAuthenticationSettings,
}

/// The store's account-authentication settings (only what this app reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountAuthenticationSettings {
    realm_id: Option<String>,
}

impl FromJson for AccountAuthenticationSettingsResponse {
    const ANSWER: Answer = Answer::AccountAuthenticationSettings;

    fn from_json(json: &Json) -> Result<Self, FieldError> {
        let data = json.expect_object(Field::Whole)?.require_object(Field::Data)?;
        let realm_id = data
            .object_at("relationships")
            .and_then(|r| r.object_at("authentication_realm"))
            .and_then(|realm| realm.object_at("data"))
            .and_then(|related| related.str_at("id"))
            .map(str::to_owned);
        Ok(Self { data: AccountAuthenticationSettings { realm_id } })
    }
}

impl AccountAuthenticationSettings {
    /// `relationships.authentication_realm.data.id`.
    pub fn realm_id(&self) -> Option<&str> {
        self.realm_id.as_deref()
    }
}

/// `GET /v2/authentication-realms/:realm/password-profiles`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordProfileList {
    /// The realm's password profiles (entries that are not objects are skipped).
    pub data: Vec<PasswordProfile>,
}

impl FromJson for PasswordProfileList {
    const ANSWER: Answer = Answer::PasswordProfiles;

    fn from_json(json: &Json) -> Result<Self, FieldError> {
        Ok(Self {
            data: json.expect_object(Field::Whole)?.objects_at("data").map(PasswordProfile::of).collect(),
        })
    }
}

/// `GET /v2/authentication-realms/:realm/password-profiles/:id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordProfileResponse {
    pub data: PasswordProfile,
}

impl FromJson for PasswordProfileResponse {
    const ANSWER: Answer = Answer::PasswordProfile;

    fn from_json(json: &Json) -> Result<Self, FieldError> {
        Ok(Self { data: PasswordProfile::of(json.expect_object(Field::Whole)?.require_object(Field::Data)?) })
    }
}

/// A password profile (only what this app reads). Elastic Path requires only `type` and `name`, so every
/// field may be missing or `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordProfile {
    /// Its id; `None` when missing or not a string. Such an entry still counts when discovery looks for
    /// the one profile with one-time password tokens enabled, so it can make the choice ambiguous but
    /// never silently decide it.
    pub id: Option<String>,
    /// `email` or `any` (an unknown value reads as `any`); `None` when missing or not a string.
    pub username_format: Option<UsernameFormat>,
    /// Whether one-time password tokens can be requested; only `true` counts.
    pub enable_one_time_password_token: Option<bool>,
    /// The shortest password the profile accepts, when it says (a non-negative integer).
    pub min_length: Option<u32>,
}

impl PasswordProfile {
    /// Reads one profile, an object.
    fn of(json: &Json) -> Self {
        Self {
            id: json.str_at("id").map(str::to_owned),
            username_format: json.str_at("username_format").map(UsernameFormat::from_wire),
            enable_one_time_password_token: json.bool_at("enable_one_time_password_token"),
            min_length: json.u64_at("min_length").and_then(|n| u32::try_from(n).ok()),
        }
    }

    /// Whether the profile says one-time password tokens are enabled.
    pub fn otp_enabled(&self) -> bool {
        self.enable_one_time_password_token == Some(true)
    }
}

#[cfg(test)]
mod tests;
