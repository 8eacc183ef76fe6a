//! The store's mutable data: settings, password profiles, users, credentials, accounts, integrations,
//! pending codes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::crypto::PasswordHash;
use crate::duplicates;
use crate::otp::OtpBook;
use crate::seed::Seed;

/// Account authentication settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The settings object's id.
    pub id: String,
    /// `disabled` or `update_only`.
    pub account_member_self_management: String,
    /// `enable_self_signup`.
    pub enable_self_signup: bool,
    /// `auto_create_account_for_account_members`.
    pub auto_create_account_for_account_members: bool,
    /// Lifetime of account-management tokens, in seconds.
    pub token_timeout_secs: i64,
}

/// A password profile.
#[derive(Debug, Clone)]
pub struct PasswordProfile {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// `email` or `any`.
    pub username_format: String,
    /// Whether OTP requests are allowed.
    pub enable_one_time_password_token: bool,
    /// Minimum password length in characters, if the profile sets one (the 8-character floor stays).
    pub min_length: Option<u32>,
    /// Created, epoch seconds.
    pub created_at: i64,
    /// Updated, epoch seconds.
    pub updated_at: i64,
}

/// A user authentication info (shares its id with the account member).
#[derive(Debug, Clone)]
pub struct User {
    /// Id (= account member id).
    pub id: String,
    /// Name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Accounts the member belongs to.
    pub account_ids: Vec<String>,
    /// Created, epoch seconds.
    pub created_at: i64,
    /// Updated, epoch seconds.
    pub updated_at: i64,
}

/// A user authentication password profile info: a username and password in one profile.
#[derive(Debug, Clone)]
pub struct Credential {
    /// Id.
    pub id: String,
    /// The owning user authentication info.
    pub user_id: String,
    /// The password profile.
    pub password_profile_id: String,
    /// Username.
    pub username: String,
    /// Salted hash of the password.
    pub password: PasswordHash,
    /// Created, epoch seconds.
    pub created_at: i64,
    /// Updated, epoch seconds.
    pub updated_at: i64,
}

/// What an integration delivers events to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationType {
    /// An HTTP POST to `configuration.url` (the only kind the sandbox delivers).
    Webhook,
    /// An AWS SQS queue (stored, never delivered to).
    AwsSqs,
    /// A STOMP destination (stored, never delivered to).
    Stomp,
}

/// Where a webhook integration's events go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookTarget {
    /// `configuration.url`.
    pub url: String,
    /// `configuration.secret_key`, sent as `X-MOLTIN-SECRET-KEY` (and repeated in the envelope).
    pub secret_key: Option<String>,
}

/// An integration (`/v2/integrations`).
#[derive(Debug, Clone, PartialEq)]
pub struct Integration {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description (may be empty).
    pub description: String,
    /// Whether events are delivered.
    pub enabled: bool,
    /// What it delivers to.
    pub integration_type: IntegrationType,
    /// Event names it observes, e.g. `one-time-password-token-request.created`.
    pub observes: Vec<String>,
    /// As given; for a webhook it holds a string `url` and, optionally, a string `secret_key`.
    pub configuration: Map<String, Value>,
    /// Created, epoch seconds.
    pub created_at: i64,
    /// Updated, epoch seconds.
    pub updated_at: i64,
}

/// The id of the integration `--webhook-url` creates.
pub const WEBHOOK_SHORTCUT_ID: &str = "66666666-6666-4666-8666-666666666666";

impl Integration {
    /// The enabled webhook integration `--webhook-url` (and `--webhook-secret`) stand for, observing
    /// `one-time-password-token-request.created`.
    pub fn webhook_shortcut(url: &str, secret_key: Option<&str>, now: i64) -> Self {
        let mut configuration = Map::new();
        configuration.insert("url".into(), url.into());
        if let Some(secret) = secret_key {
            configuration.insert("secret_key".into(), secret.into());
        }
        Self {
            id: WEBHOOK_SHORTCUT_ID.into(),
            name: "One Time Password notification".into(),
            description: "Created by ep-sandbox --webhook-url".into(),
            enabled: true,
            integration_type: IntegrationType::Webhook,
            observes: vec![crate::events::OTP_CREATED.into()],
            configuration,
            created_at: now,
            updated_at: now,
        }
    }

    /// Where to POST `event`, if this is an enabled webhook observing it. An empty secret sends no header.
    pub fn webhook_for(&self, event: &str) -> Option<WebhookTarget> {
        if !self.enabled
            || self.integration_type != IntegrationType::Webhook
            || !self.observes.iter().any(|e| e == event)
        {
            return None;
        }
        let url = self.configuration.get("url")?.as_str()?.to_string();
        let secret_key = self
            .configuration
            .get("secret_key")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from);
        Some(WebhookTarget { url, secret_key })
    }
}

/// An account.
#[derive(Debug, Clone)]
pub struct Account {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// Everything a store holds.
#[derive(Debug, Clone)]
pub struct Store {
    /// Store id.
    pub store_id: String,
    /// The Account Management realm id (the only realm the sandbox knows).
    pub realm_id: String,
    /// Accepted client id.
    pub client_id: String,
    /// Accepted client secret (never empty: [`crate::start`] draws one when the seed has none).
    pub client_secret: String,
    /// Account authentication settings.
    pub settings: Settings,
    /// Password profiles.
    pub profiles: Vec<PasswordProfile>,
    /// Users.
    pub users: Vec<User>,
    /// Credentials.
    pub credentials: Vec<Credential>,
    /// Accounts.
    pub accounts: Vec<Account>,
    /// Integrations.
    pub integrations: Vec<Integration>,
    /// Pending one-time passwords.
    pub otps: OtpBook,
}

impl Store {
    /// Builds the store described by a (validated) seed, with the seed's `duplicate_credentials`
    /// switch applied; `now` stamps creation times.
    pub fn from_seed(seed: &Seed, now: i64) -> Self {
        let default_profile = seed.password_profiles.first().map(|p| p.id.clone()).unwrap_or_default();
        let mut store = Self {
            store_id: seed.store_id.clone(),
            realm_id: seed.realm_id.clone(),
            client_id: seed.client_id.clone(),
            client_secret: seed.client_secret.clone().unwrap_or_default(),
            settings: Settings {
                id: seed.settings_id.clone(),
                account_member_self_management: seed.account_member_self_management.clone(),
                enable_self_signup: false,
                auto_create_account_for_account_members: false,
                token_timeout_secs: seed.account_management_authentication_token_timeout_secs,
            },
            profiles: seed
                .password_profiles
                .iter()
                .map(|p| PasswordProfile {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    username_format: p.username_format.clone(),
                    enable_one_time_password_token: p.enable_one_time_password_token,
                    min_length: p.min_length,
                    created_at: now,
                    updated_at: now,
                })
                .collect(),
            users: seed
                .users
                .iter()
                .map(|u| User {
                    id: u.id.clone(),
                    name: u.name.clone(),
                    email: u.email.clone(),
                    account_ids: u.accounts.clone(),
                    created_at: now,
                    updated_at: now,
                })
                .collect(),
            credentials: seed
                .users
                .iter()
                .map(|u| Credential {
                    id: u.credential_id.clone(),
                    user_id: u.id.clone(),
                    password_profile_id: u
                        .password_profile_id
                        .clone()
                        .unwrap_or_else(|| default_profile.clone()),
                    username: u.username.clone().unwrap_or_else(|| u.email.clone()),
                    password: PasswordHash::new(&u.password),
                    created_at: now,
                    updated_at: now,
                })
                .collect(),
            accounts: seed
                .accounts
                .iter()
                .map(|a| Account { id: a.id.clone(), name: a.name.clone() })
                .collect(),
            integrations: Vec::new(),
            otps: OtpBook::default(),
        };
        if seed.switches.duplicate_credentials {
            duplicates::add(&mut store, seed, now);
        }
        store
    }

    /// The password profile with this id.
    pub fn profile(&self, id: &str) -> Option<&PasswordProfile> {
        self.profiles.iter().find(|p| p.id == id)
    }

    /// The user with this id.
    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    /// The credential with this username in this profile (exact, case-sensitive match).
    pub fn credential_by_username(&self, profile_id: &str, username: &str) -> Option<&Credential> {
        self.credentials.iter().find(|c| c.password_profile_id == profile_id && c.username == username)
    }
}
