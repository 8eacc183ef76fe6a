//! The seed: the store the sandbox starts with (built in, or read from a JSON or TOML file).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::SandboxError;
use crate::switches::Switches;

/// The built-in store id.
pub const STORE_ID: &str = "11111111-1111-4111-8111-111111111111";
/// The built-in Account Management realm id.
pub const REALM_ID: &str = "22222222-2222-4222-8222-222222222222";
/// The built-in password profile id (OTP enabled, `username_format` `email`).
pub const PASSWORD_PROFILE_ID: &str = "33333333-3333-4333-8333-333333333333";
/// The built-in account authentication settings id.
pub const SETTINGS_ID: &str = "44444444-4444-4444-8444-444444444444";
/// The built-in client id (implicit and client_credentials).
pub const CLIENT_ID: &str = "demo-client-id";

/// The values a password profile's `min_length` may take.
pub const MIN_LENGTH_RANGE: std::ops::RangeInclusive<u32> = 1..=4096;

/// Accepted `account_management_authentication_token_timeout_secs`: a second to ten years, so that
/// adding it to the sandbox clock (itself at most a hundred years ahead) can never overflow.
pub const TOKEN_TIMEOUT_RANGE: std::ops::RangeInclusive<i64> = 1..=10 * 365 * 86_400;

/// A store's initial state. Every field is optional in a seed file; missing ones take the built-in value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Seed {
    /// The store id (appears in JWTs and events).
    pub store_id: String,
    /// The Account Management realm id.
    pub realm_id: String,
    /// The account authentication settings' id.
    pub settings_id: String,
    /// The client id accepted for `implicit` and `client_credentials`.
    pub client_id: String,
    /// The client secret accepted for `client_credentials`. There is no built-in one: without it (and
    /// without `EP_SANDBOX_CLIENT_SECRET`) every run draws a random secret, which the banner shows, so
    /// no web page can guess it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// `disabled` or `update_only`.
    pub account_member_self_management: String,
    /// Lifetime of account-management tokens, in seconds.
    pub account_management_authentication_token_timeout_secs: i64,
    /// Password profiles of the realm; users' credentials default to the first.
    pub password_profiles: Vec<SeedProfile>,
    /// Accounts.
    pub accounts: Vec<SeedAccount>,
    /// Users: a user authentication info (= account member) with one credential each.
    pub users: Vec<SeedUser>,
    /// The switches' start-up values (the command line's switch options override them).
    pub switches: Switches,
}

/// A password profile in the seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedProfile {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `email` or `any`.
    pub username_format: String,
    /// Whether one-time password requests are allowed.
    pub enable_one_time_password_token: bool,
    /// Minimum password length in characters (1–4096), if the profile sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
}

/// An account in the seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedAccount {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A user in the seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedUser {
    /// The user authentication info id (= account member id).
    pub id: String,
    /// The credential's (user authentication password profile info's) id.
    pub credential_id: String,
    /// Display name.
    pub name: String,
    /// E-mail address; the e-mail's recipient.
    pub email: String,
    /// The credential's username; defaults to `email`.
    #[serde(default)]
    pub username: Option<String>,
    /// The initial password (hashed when loaded).
    pub password: String,
    /// The credential's password profile; defaults to the first profile.
    #[serde(default)]
    pub password_profile_id: Option<String>,
    /// Ids of the accounts the member belongs to.
    #[serde(default)]
    pub accounts: Vec<String>,
}

impl Default for Seed {
    fn default() -> Self {
        let account = |id: &str, name: &str| SeedAccount { id: id.into(), name: name.into() };
        let user = |n: u8, name: &str, email: &str, password: &str, accounts: &[&str]| SeedUser {
            id: format!("aaaaaaaa-0000-4000-8000-00000000000{n}"),
            credential_id: format!("bbbbbbbb-0000-4000-8000-00000000000{n}"),
            name: name.into(),
            email: email.into(),
            username: None,
            password: password.into(),
            password_profile_id: None,
            accounts: accounts.iter().map(|a| (*a).to_string()).collect(),
        };
        const ADA_ACCOUNT: &str = "cccccccc-0000-4000-8000-000000000001";
        const GRACE_ACCOUNT_1: &str = "cccccccc-0000-4000-8000-000000000002";
        const GRACE_ACCOUNT_2: &str = "cccccccc-0000-4000-8000-000000000003";
        Self {
            store_id: STORE_ID.into(),
            realm_id: REALM_ID.into(),
            settings_id: SETTINGS_ID.into(),
            client_id: CLIENT_ID.into(),
            client_secret: None,
            account_member_self_management: "update_only".into(),
            account_management_authentication_token_timeout_secs: 86_400,
            password_profiles: vec![SeedProfile {
                id: PASSWORD_PROFILE_ID.into(),
                name: "Password reset (one-time password)".into(),
                username_format: "email".into(),
                enable_one_time_password_token: true,
                min_length: None,
            }],
            accounts: vec![
                account(ADA_ACCOUNT, "Analytical Engines Ltd"),
                account(GRACE_ACCOUNT_1, "Harvard Computation Lab"),
                account(GRACE_ACCOUNT_2, "Eckert-Mauchly Computer Corp"),
            ],
            users: vec![
                user(1, "Ada Lovelace", "ada@example.com", "correct horse battery staple", &[ADA_ACCOUNT]),
                user(
                    2,
                    "Grace Hopper",
                    "grace@example.com",
                    "a computer bug in 1947",
                    &[GRACE_ACCOUNT_1, GRACE_ACCOUNT_2],
                ),
                user(3, "No Accounts", "no.accounts@example.com", "no accounts here 123", &[]),
            ],
            switches: Switches::default(),
        }
    }
}

impl Seed {
    /// Reads a seed file: TOML if the name ends in `.toml`, JSON otherwise.
    pub fn load(path: &Path) -> Result<Self, SandboxError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| SandboxError::SeedRead { path: path.display().to_string(), source })?;
        let seed: Self = if path.extension().is_some_and(|ext| ext == "toml") {
            toml::from_str(&text).map_err(|e| SandboxError::Seed(e.to_string()))?
        } else {
            serde_json::from_str(&text).map_err(|e| SandboxError::Seed(e.to_string()))?
        };
        seed.validate()?;
        Ok(seed)
    }

    /// Checks that the seed describes a consistent store.
    pub fn validate(&self) -> Result<(), SandboxError> {
        let fail = |msg: String| Err(SandboxError::Seed(msg));
        if !matches!(self.account_member_self_management.as_str(), "disabled" | "update_only") {
            return fail("account_member_self_management must be disabled or update_only".into());
        }
        if !TOKEN_TIMEOUT_RANGE.contains(&self.account_management_authentication_token_timeout_secs) {
            return fail(
                "account_management_authentication_token_timeout_secs must be between 1 and 315360000 (ten years)"
                    .into(),
            );
        }
        if self.client_secret.as_deref().is_some_and(|secret| !is_header_safe_secret(secret)) {
            return fail("client_secret must be non-empty visible ASCII characters".into());
        }
        if self.password_profiles.is_empty() {
            return fail("at least one password profile is needed".into());
        }
        for profile in &self.password_profiles {
            if !matches!(profile.username_format.as_str(), "email" | "any") {
                return fail(format!("profile {}: username_format must be email or any", profile.id));
            }
            if profile.min_length.is_some_and(|n| !MIN_LENGTH_RANGE.contains(&n)) {
                return fail(format!("profile {}: min_length must be between 1 and 4096", profile.id));
            }
        }
        for user in &self.users {
            if let Some(profile) = &user.password_profile_id
                && !self.password_profiles.iter().any(|p| &p.id == profile)
            {
                return fail(format!("user {}: unknown password profile {profile}", user.email));
            }
            if let Some(account) =
                user.accounts.iter().find(|a| !self.accounts.iter().any(|acc| &acc.id == *a))
            {
                return fail(format!("user {}: unknown account {account}", user.email));
            }
            if user.password.chars().count() < 8 {
                return fail(format!("user {}: passwords need at least 8 characters", user.email));
            }
        }
        Ok(())
    }
}

/// Whether `secret` is non-empty and visible ASCII: what a form field or a header carries unchanged.
pub fn is_header_safe_secret(secret: &str) -> bool {
    !secret.is_empty() && secret.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_seed_is_valid() {
        assert!(Seed::default().validate().is_ok());
    }

    #[test]
    fn partial_json_seed_keeps_defaults() {
        let seed: Result<Seed, _> = serde_json::from_str(r#"{"client_id": "mine"}"#);
        let seed = seed.ok();
        assert_eq!(seed.as_ref().map(|s| s.client_id.as_str()), Some("mine"));
        assert_eq!(seed.map(|s| s.users.len()), Some(3));
    }

    #[test]
    fn toml_seed_parses() {
        let seed: Result<Seed, _> = toml::from_str(
            "store_id = \"s\"\n[[accounts]]\nid = \"a\"\nname = \"A\"\n\
             [[users]]\nid = \"u\"\ncredential_id = \"c\"\nname = \"U\"\nemail = \"u@x\"\npassword = \"12345678\"\naccounts = [\"a\"]\n",
        );
        let seed = seed.ok();
        assert_eq!(seed.as_ref().map(|s| s.users.len()), Some(1));
        assert!(seed.is_some_and(|s| s.validate().is_ok()));
    }

    #[test]
    fn switches_and_min_length_in_a_seed() {
        let seed: Result<Seed, _> = serde_json::from_str(
            r#"{"switches": {"implicit_settings": "refuse"},
                "password_profiles": [{"id": "p", "name": "P", "username_format": "any",
                                       "enable_one_time_password_token": false, "min_length": 12}]}"#,
        );
        let seed = seed.ok();
        assert_eq!(
            seed.as_ref().map(|s| s.switches),
            Some(Switches {
                implicit_settings: crate::switches::ImplicitSettings::Refuse,
                ..Switches::default()
            })
        );
        assert_eq!(seed.as_ref().map(|s| s.password_profiles[0].min_length), Some(Some(12)));
        let bad: Result<Seed, _> = serde_json::from_str(r#"{"switches": {"retry_after": "no"}}"#);
        assert!(bad.is_err());
        let unknown: Result<Seed, _> = serde_json::from_str(r#"{"switches": {"louder": true}}"#);
        assert!(unknown.is_err());
        let mut zero = Seed::default();
        zero.password_profiles[0].min_length = Some(0);
        assert!(zero.validate().is_err());
    }

    #[test]
    fn inconsistent_seed_is_refused() {
        let mut seed = Seed::default();
        seed.users[0].accounts.push("nope".into());
        assert!(seed.validate().is_err());
        let mut seed = Seed { client_secret: Some("two words".into()), ..Seed::default() };
        assert!(seed.validate().is_err());
        seed.client_secret = Some(String::new());
        assert!(seed.validate().is_err());
    }
}
