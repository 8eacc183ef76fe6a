//! `ep-reset setup`, the decisions: from the store as read, the four steps and the writes each needs.
//! A step whose state is already right needs no write, so a second run plans nothing.

use serde_json::{Map, Value, json};

use crate::model::{Credential, Integration, OTP_EVENT, Profile, Settings, User};
use crate::paths;
use crate::secret::Secret;

/// Name of the password profile `setup` creates when none fits and `--profile-name` is not given.
pub const DEFAULT_PROFILE_NAME: &str = "Password reset (one-time password)";
/// Name of the webhook integration `setup` creates.
pub const INTEGRATION_NAME: &str = "ep-password-reset: one-time password e-mail";
const INTEGRATION_DESCRIPTION: &str =
    "Sends the password-reset e-mail with the reset link (set up by ep-reset)";

/// The store as `setup` read it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreState {
    /// The account authentication settings.
    pub settings: Settings,
    /// The realm's password profiles.
    pub profiles: Vec<Profile>,
    /// Every integration.
    pub integrations: Vec<Integration>,
    /// The `--test-user`, when given.
    pub test_user: Option<TestUser>,
}

/// What the store has for the `--test-user` e-mail address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestUser {
    /// The e-mail address (lower-cased), also the credential's username.
    pub email: String,
    /// The user authentication info with that e-mail, if one exists.
    pub user: Option<User>,
    /// That user's credentials.
    pub credentials: Vec<Credential>,
}

/// What the store owner asked for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `--webhook-url`.
    pub webhook_url: &'a str,
    /// `--profile-name`.
    pub profile_name: Option<&'a str>,
    /// The webhook secret from the environment.
    pub webhook_secret: Option<&'a Secret>,
    /// `--rotate-secret`: write the webhook secret into an existing integration even when the store
    /// does not show that integration's key.
    pub rotate_secret: bool,
}

/// A resource that exists, or the one an earlier write of this plan creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// Exists, with this id.
    Existing(String),
    /// Created by this plan.
    Created,
}

/// One write to the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// `PUT` the settings.
    PutSettings {
        /// The body.
        body: Value,
    },
    /// `PUT` a password profile.
    PutProfile {
        /// Its id.
        id: String,
        /// The body.
        body: Value,
    },
    /// `POST` a password profile.
    CreateProfile {
        /// The body.
        body: Value,
    },
    /// `POST` a user authentication info.
    CreateUser {
        /// The body.
        body: Value,
    },
    /// `POST` a credential with a random password (made when the write runs, never shown).
    CreateCredential {
        /// The user.
        user: Ref,
        /// The password profile.
        profile: Ref,
        /// The username.
        username: String,
    },
    /// `POST` an integration.
    CreateIntegration {
        /// The body, without the secret key.
        body: Value,
        /// Whether the webhook secret is added as `configuration.secret_key` when the write runs.
        with_secret: bool,
    },
    /// `PUT` an integration.
    PutIntegration {
        /// Its id.
        id: String,
        /// The body, without a new secret key.
        body: Value,
        /// Whether the webhook secret is added as `configuration.secret_key` when the write runs.
        with_secret: bool,
    },
}

impl Write {
    /// The method.
    pub fn method(&self) -> &'static str {
        match self {
            Self::PutSettings { .. } | Self::PutProfile { .. } | Self::PutIntegration { .. } => "PUT",
            _ => "POST",
        }
    }

    /// The path; `created_user` is the id of the user this plan created (a placeholder while unknown).
    pub fn path(&self, realm: &str, created_user: Option<&str>) -> String {
        match self {
            Self::PutSettings { .. } => paths::SETTINGS.into(),
            Self::PutProfile { id, .. } => paths::profile(realm, id),
            Self::CreateProfile { .. } => paths::profiles(realm),
            Self::CreateUser { .. } => paths::users(realm),
            Self::CreateCredential { user: Ref::Existing(id), .. } => paths::credentials(realm, id),
            Self::CreateCredential { user: Ref::Created, .. } => {
                paths::credentials(realm, created_user.unwrap_or("<new user>"))
            }
            Self::CreateIntegration { .. } => paths::INTEGRATIONS.into(),
            Self::PutIntegration { id, .. } => paths::integration(id),
        }
    }
}

/// The state of one step.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Already right: what was found.
    Unchanged(String),
    /// Not asked for: why.
    Skipped(String),
    /// Needs these writes: what changes.
    Change {
        /// What changes, in words.
        summary: String,
        /// The writes, in order.
        writes: Vec<Write>,
    },
}

/// One of the four steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Its title.
    pub title: &'static str,
    /// What it needs.
    pub outcome: Outcome,
}

/// Everything `setup` will do.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The realm every profile and user path is under.
    pub realm: String,
    /// The four steps, in order.
    pub steps: Vec<Step>,
    /// The password profile the app should use.
    pub profile: Ref,
    /// Things the store owner should know that `setup` does not change.
    pub warnings: Vec<String>,
}

impl Plan {
    /// How many writes the plan makes.
    pub fn write_count(&self) -> usize {
        self.steps
            .iter()
            .map(|step| match &step.outcome {
                Outcome::Change { writes, .. } => writes.len(),
                _ => 0,
            })
            .sum()
    }
}

/// `object` without the read-only members Elastic Path adds to answers.
fn writable(object: &Map<String, Value>) -> Map<String, Value> {
    let mut object = object.clone();
    for key in ["id", "meta", "links", "relationships"] {
        object.remove(key);
    }
    object
}

fn quoted(value: Option<&str>) -> String {
    value.map_or("not set".to_string(), |v| format!("\"{v}\""))
}

/// Why the store cannot be set up by this tool.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The settings name no authentication realm, and only Commerce Manager can make one.
    #[error(
        "the account authentication settings name no authentication realm (enable Account Management for the store in Commerce Manager)"
    )]
    NoRealm,
}

/// The plan for `state` and `request`.
pub fn plan(state: &StoreState, request: &Request<'_>) -> Result<Plan, PlanError> {
    let realm = state.settings.realm_id.clone().ok_or(PlanError::NoRealm)?;
    let (profile_step, profile) = profile_step(&state.profiles, request.profile_name);
    let (integration_step, warnings) = integration_step(&state.integrations, request);
    Ok(Plan {
        realm,
        steps: vec![
            settings_step(&state.settings),
            profile_step,
            test_user_step(state.test_user.as_ref(), &profile),
            integration_step,
        ],
        profile,
        warnings,
    })
}

fn settings_step(settings: &Settings) -> Step {
    let title = "account authentication settings";
    if settings.self_management.as_deref() == Some("update_only") {
        return Step {
            title,
            outcome: Outcome::Unchanged("account_member_self_management is already update_only".into()),
        };
    }
    let mut data = writable(&settings.raw);
    data.insert("type".into(), json!("account_authentication_settings"));
    data.insert("account_member_self_management".into(), json!("update_only"));
    Step {
        title,
        outcome: Outcome::Change {
            summary: format!(
                "account_member_self_management {} → \"update_only\"",
                quoted(settings.self_management.as_deref())
            ),
            writes: vec![Write::PutSettings { body: json!({ "data": data }) }],
        },
    }
}

fn enable_profile(profile: &Profile) -> Outcome {
    let mut data = writable(&profile.raw);
    data.insert("type".into(), json!("password_profile"));
    data.insert("enable_one_time_password_token".into(), json!(true));
    if !data.get("name").is_some_and(Value::is_string) {
        data.insert("name".into(), json!(DEFAULT_PROFILE_NAME));
    }
    if !data.get("username_format").is_some_and(Value::is_string) {
        data.insert("username_format".into(), json!("email"));
    }
    Outcome::Change {
        summary: format!("enable one-time password tokens on password profile {}", profile.label()),
        writes: vec![Write::PutProfile { id: profile.id.clone(), body: json!({ "data": data }) }],
    }
}

fn create_profile(name: &str) -> Outcome {
    Outcome::Change {
        summary: format!(
            "create password profile \"{name}\" (username_format email, one-time password tokens enabled)"
        ),
        writes: vec![Write::CreateProfile {
            body: json!({ "data": {
                "type": "password_profile",
                "name": name,
                "username_format": "email",
                "enable_one_time_password_token": true,
            } }),
        }],
    }
}

fn already_enabled(profile: &Profile) -> Outcome {
    Outcome::Unchanged(format!(
        "password profile {} already has one-time password tokens enabled",
        profile.label()
    ))
}

/// Reuse an enabled profile (the named one, with `--profile-name`); else enable the named one (without a
/// name: the realm's only profile, which its users already sign in with, or one named
/// [`DEFAULT_PROFILE_NAME`]); else create it.
fn profile_step(profiles: &[Profile], name: Option<&str>) -> (Step, Ref) {
    let title = "password profile";
    let named = |name: &str| profiles.iter().find(|p| p.name.as_deref() == Some(name));
    let existing = |p: &Profile| Ref::Existing(p.id.clone());
    let (outcome, reference) = match name {
        Some(name) => match named(name) {
            Some(p) if p.otp_enabled => (already_enabled(p), existing(p)),
            Some(p) => (enable_profile(p), existing(p)),
            None => (create_profile(name), Ref::Created),
        },
        None => match profiles.iter().find(|p| p.otp_enabled) {
            Some(p) => (already_enabled(p), existing(p)),
            None => match (profiles, named(DEFAULT_PROFILE_NAME)) {
                ([only], _) => (enable_profile(only), existing(only)),
                (_, Some(p)) => (enable_profile(p), existing(p)),
                _ => (create_profile(DEFAULT_PROFILE_NAME), Ref::Created),
            },
        },
    };
    (Step { title, outcome }, reference)
}

fn test_user_step(test_user: Option<&TestUser>, profile: &Ref) -> Step {
    let title = "test user";
    let Some(test) = test_user else {
        return Step {
            title,
            outcome: Outcome::Skipped("not asked for (--test-user EMAIL adds one)".into()),
        };
    };
    let credential = Write::CreateCredential {
        user: test.user.as_ref().map_or(Ref::Created, |u| Ref::Existing(u.id.clone())),
        profile: profile.clone(),
        username: test.email.clone(),
    };
    let password_note = "with a random password nobody sees (set one through the reset flow)";
    let outcome = match (&test.user, profile) {
        (None, _) => {
            let name = test.email.split('@').next().filter(|n| !n.is_empty()).unwrap_or(&test.email);
            Outcome::Change {
                summary: format!(
                    "create user {} and a credential under the password profile, {password_note}",
                    test.email
                ),
                writes: vec![
                    Write::CreateUser {
                        body: json!({ "data": { "type": "user_authentication_info", "name": name, "email": test.email } }),
                    },
                    credential,
                ],
            }
        }
        (Some(_), Ref::Existing(profile_id))
            if test.credentials.iter().any(|c| c.password_profile_id.as_deref() == Some(profile_id)) =>
        {
            Outcome::Unchanged(format!(
                "user {} already has a credential under the password profile",
                test.email
            ))
        }
        (Some(_), _) => Outcome::Change {
            summary: format!(
                "add a credential for user {} under the password profile, {password_note}",
                test.email
            ),
            writes: vec![credential],
        },
    };
    Step { title, outcome }
}

/// The integration body: `base` (an existing integration's object, or empty) made into an enabled
/// webhook observing the event at `url`; other observed events and configuration fields are kept.
fn integration_body(base: &Map<String, Value>, url: &str) -> Value {
    let mut data = writable(base);
    data.insert("type".into(), json!("integration"));
    if !data.get("name").is_some_and(Value::is_string) {
        data.insert("name".into(), json!(INTEGRATION_NAME));
    }
    if !data.get("description").is_some_and(Value::is_string) {
        data.insert("description".into(), json!(INTEGRATION_DESCRIPTION));
    }
    data.insert("enabled".into(), json!(true));
    data.insert("integration_type".into(), json!("webhook"));
    let mut observes: Vec<Value> =
        data.get("observes").and_then(Value::as_array).cloned().unwrap_or_default();
    if !observes.iter().any(|e| e.as_str() == Some(OTP_EVENT)) {
        observes.push(json!(OTP_EVENT));
    }
    data.insert("observes".into(), Value::Array(observes));
    let mut configuration = data.get("configuration").and_then(Value::as_object).cloned().unwrap_or_default();
    configuration.insert("url".into(), json!(url));
    data.insert("configuration".into(), Value::Object(configuration));
    json!({ "data": data })
}

/// Adds the webhook secret to a body made by [`integration_body`].
pub fn with_secret_key(mut body: Value, secret: &Secret) -> Value {
    if let Some(configuration) =
        body.get_mut("data").and_then(|d| d.get_mut("configuration")).and_then(Value::as_object_mut)
    {
        configuration.insert("secret_key".into(), json!(secret.expose()));
    }
    body
}

/// Whether a write to `existing` should carry the webhook secret as its `configuration.secret_key`,
/// and, when the store hides the key and `--rotate-secret` was not given, the warning that says so.
///
/// A key the store shows is compared, so a second run writes nothing. A key it does not show cannot be
/// compared; writing it on every run would make `setup` never idempotent, so it is left alone unless
/// `--rotate-secret` asks for it.
fn secret_for(existing: &Integration, request: &Request<'_>) -> (bool, Option<String>) {
    let Some(secret) = request.webhook_secret else { return (false, None) };
    match existing.secret_key.as_deref() {
        Some(shown) => (shown != secret.expose().as_str(), None),
        None if request.rotate_secret => (true, None),
        None => (
            false,
            Some(format!(
                "the store does not show the secret key of integration {}, so setup cannot tell whether it is EP_RESET_WEBHOOK_SECRET and leaves it as it is: run setup again with --rotate-secret to set it",
                existing.label()
            )),
        ),
    }
}

/// What the summary of a write adds when it sets the secret key.
const SECRET_NOTE: &str = "set its secret key from EP_RESET_WEBHOOK_SECRET";

/// Reuse the webhook already at the URL (fixing what is off), else repoint the one this tool made, else
/// create one. Other enabled integrations for the event are reported, not touched.
fn integration_step(integrations: &[Integration], request: &Request<'_>) -> (Step, Vec<String>) {
    let title = "webhook integration";
    let url = request.webhook_url;
    let at_url = integrations
        .iter()
        .filter(|i| i.is_webhook() && i.url.as_deref() == Some(url))
        .max_by_key(|i| (i.observes_otp(), i.enabled));
    let mut warnings = Vec::new();
    let (outcome, chosen) = if let Some(existing) = at_url {
        let (with_secret, hidden) = secret_for(existing, request);
        warnings.extend(hidden);
        let mut fixes = Vec::new();
        if !existing.enabled {
            fixes.push("enable it");
        }
        if !existing.observes_otp() {
            fixes.push("observe the event");
        }
        if with_secret {
            fixes.push(SECRET_NOTE);
        }
        let outcome = if fixes.is_empty() {
            Outcome::Unchanged(format!("integration {} already sends {OTP_EVENT} to {url}", existing.label()))
        } else {
            Outcome::Change {
                summary: format!("integration {}: {}", existing.label(), fixes.join(", ")),
                writes: vec![Write::PutIntegration {
                    id: existing.id.clone(),
                    body: integration_body(&existing.raw, url),
                    with_secret,
                }],
            }
        };
        (outcome, Some(existing.id.as_str()))
    } else if let Some(ours) = integrations.iter().find(|i| i.name.as_deref() == Some(INTEGRATION_NAME)) {
        let (with_secret, hidden) = secret_for(ours, request);
        warnings.extend(hidden);
        let secret_note = if with_secret { format!(", {SECRET_NOTE}") } else { String::new() };
        let outcome = Outcome::Change {
            summary: format!(
                "point integration {} at {url} (was {}){secret_note}",
                ours.label(),
                quoted(ours.url.as_deref())
            ),
            writes: vec![Write::PutIntegration {
                id: ours.id.clone(),
                body: integration_body(&ours.raw, url),
                with_secret,
            }],
        };
        (outcome, Some(ours.id.as_str()))
    } else {
        let with_secret = request.webhook_secret.is_some();
        let secret_note =
            if with_secret { ", secret key from EP_RESET_WEBHOOK_SECRET" } else { ", no secret key" };
        let outcome = Outcome::Change {
            summary: format!(
                "create integration \"{INTEGRATION_NAME}\" sending {OTP_EVENT} to {url}{secret_note}"
            ),
            writes: vec![Write::CreateIntegration { body: integration_body(&Map::new(), url), with_secret }],
        };
        (outcome, None)
    };
    warnings.extend(
        integrations.iter().filter(|i| i.enabled && i.observes_otp() && Some(i.id.as_str()) != chosen).map(|i| {
            format!(
                "integration {} also observes {OTP_EVENT} (sends to {}): shoppers would get two e-mails; disable it if it is an old set-up",
                i.label(),
                i.url.as_deref().unwrap_or("no URL")
            )
        }),
    );
    (Step { title, outcome }, warnings)
}

#[cfg(test)]
mod tests;
