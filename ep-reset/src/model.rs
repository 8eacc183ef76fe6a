//! What the tool reads from Elastic Path's answers, parsed tolerantly: only the fields it uses, missing
//! or `null` optional fields accepted, unknown fields ignored. A parse error says what is wrong in words.

use serde_json::{Map, Value};

/// The event a reset e-mail is sent for.
pub const OTP_EVENT: &str = "one-time-password-token-request.created";

/// Account authentication settings (`GET /v2/settings/account-authentication`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `data.relationships.authentication_realm.data.id`.
    pub realm_id: Option<String>,
    /// `data.account_member_self_management` (`disabled` or `update_only`).
    pub self_management: Option<String>,
    /// The whole `data` object, to PUT back with only the changed field.
    pub raw: Map<String, Value>,
}

/// A password profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// Its id.
    pub id: String,
    /// Its name, if the answer carries one.
    pub name: Option<String>,
    /// `email` or `any`, if the answer carries it.
    pub username_format: Option<String>,
    /// `enable_one_time_password_token`; missing or `null` reads as `false` (Elastic Path's default).
    pub otp_enabled: bool,
    /// `min_length`, a number or a numeric string.
    pub min_length: Option<u64>,
    /// The whole object, to PUT back with only the changed field.
    pub raw: Map<String, Value>,
}

/// An integration (`/v2/integrations`).
#[derive(Debug, Clone, PartialEq)]
pub struct Integration {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// `enabled`; missing reads as `true` (Elastic Path requires it on create).
    pub enabled: bool,
    /// `webhook`, `aws_sqs` or `stomp`.
    pub integration_type: Option<String>,
    /// The event names it observes.
    pub observes: Vec<String>,
    /// `configuration.url`.
    pub url: Option<String>,
    /// `configuration.secret_key` when the store shows one; `None` when it is missing, `null` or empty,
    /// which may mean "no key" or "a key the store hides": the two cannot be told apart.
    pub secret_key: Option<String>,
    /// The whole object, to PUT back with only the changed fields.
    pub raw: Map<String, Value>,
}

impl Integration {
    /// Whether it observes the one-time password event.
    pub fn observes_otp(&self) -> bool {
        self.observes.iter().any(|event| event == OTP_EVENT)
    }

    /// Whether it is a webhook.
    pub fn is_webhook(&self) -> bool {
        self.integration_type.as_deref() == Some("webhook")
    }

    /// `"name" (id)`, or the id alone.
    pub fn label(&self) -> String {
        label(self.name.as_deref(), &self.id)
    }
}

impl Profile {
    /// `"name" (id)`, or the id alone.
    pub fn label(&self) -> String {
        label(self.name.as_deref(), &self.id)
    }
}

fn label(name: Option<&str>, id: &str) -> String {
    match name {
        Some(name) if !name.is_empty() => format!("\"{name}\" ({id})"),
        _ => id.to_string(),
    }
}

/// A user authentication info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Its id (= the account member id).
    pub id: String,
    /// Its e-mail address.
    pub email: Option<String>,
}

/// A user authentication password profile info (a username/password credential).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// Its id.
    pub id: String,
    /// The profile it belongs to.
    pub password_profile_id: Option<String>,
    /// Its username.
    pub username: Option<String>,
}

/// The `data` object of a single-resource answer.
fn data_object(body: &Value) -> Result<&Map<String, Value>, String> {
    match body.get("data") {
        Some(Value::Object(data)) => Ok(data),
        Some(other) => Err(format!("data is {}, not an object", kind(other))),
        None => Err("it has no data object".into()),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_string)
}

fn id(object: &Map<String, Value>, what: &str) -> Result<String, String> {
    string(object, "id").filter(|id| !id.is_empty()).ok_or_else(|| format!("a {what} has no id"))
}

/// The items of a list answer; `"data": null` reads as an empty list.
fn data_items<'a>(body: &'a Value, what: &str) -> Result<Vec<&'a Map<String, Value>>, String> {
    match body.get("data") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_object().ok_or_else(|| format!("a {what} is {}, not an object", kind(item))))
            .collect(),
        Some(Value::Null) => Ok(Vec::new()),
        Some(other) => Err(format!("data is {}, not a list", kind(other))),
        None => Err("it has no data list".into()),
    }
}

/// Parses the settings answer.
pub fn settings(body: &Value) -> Result<Settings, String> {
    let data = data_object(body)?;
    let realm_id = data
        .get("relationships")
        .and_then(|r| r.get("authentication_realm"))
        .and_then(|r| r.get("data"))
        .and_then(|r| r.get("id"))
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    Ok(Settings {
        realm_id,
        self_management: string(data, "account_member_self_management"),
        raw: data.clone(),
    })
}

fn profile(object: &Map<String, Value>) -> Result<Profile, String> {
    let min_length = match object.get("min_length") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(Profile {
        id: id(object, "password profile")?,
        name: string(object, "name"),
        username_format: string(object, "username_format"),
        otp_enabled: object.get("enable_one_time_password_token").and_then(Value::as_bool).unwrap_or(false),
        min_length,
        raw: object.clone(),
    })
}

/// Parses a password profile list.
pub fn profiles(body: &Value) -> Result<Vec<Profile>, String> {
    data_items(body, "password profile")?.into_iter().map(profile).collect()
}

fn integration(object: &Map<String, Value>) -> Result<Integration, String> {
    let configuration = object.get("configuration").and_then(Value::as_object);
    let config_string = |key: &str| configuration.and_then(|c| string(c, key));
    let observes = object
        .get("observes")
        .and_then(Value::as_array)
        .map(|events| events.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    Ok(Integration {
        id: id(object, "integration")?,
        name: string(object, "name"),
        enabled: object.get("enabled").and_then(Value::as_bool).unwrap_or(true),
        integration_type: string(object, "integration_type"),
        observes,
        url: config_string("url"),
        secret_key: config_string("secret_key").filter(|key| !key.is_empty()),
        raw: object.clone(),
    })
}

/// Parses an integration list.
pub fn integrations(body: &Value) -> Result<Vec<Integration>, String> {
    data_items(body, "integration")?.into_iter().map(integration).collect()
}

/// Parses a user list.
pub fn users(body: &Value) -> Result<Vec<User>, String> {
    data_items(body, "user authentication info")?
        .into_iter()
        .map(|o| Ok(User { id: id(o, "user authentication info")?, email: string(o, "email") }))
        .collect()
}

/// Parses a credential list.
pub fn credentials(body: &Value) -> Result<Vec<Credential>, String> {
    data_items(body, "password profile info")?
        .into_iter()
        .map(|o| {
            Ok(Credential {
                id: id(o, "password profile info")?,
                password_profile_id: string(o, "password_profile_id"),
                username: string(o, "username"),
            })
        })
        .collect()
}

/// The `data.id` of a create answer.
pub fn created_id(body: &Value) -> Result<String, String> {
    id(data_object(body)?, "created resource")
}

/// The total number of items a list answer says exist (`meta.results.total`), if it says.
pub fn list_total(body: &Value) -> Option<u64> {
    body.get("meta")?.get("results")?.get("total")?.as_u64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_give_the_realm_and_the_mode() {
        let body = json!({"data": {"id": "s", "type": "account_authentication_settings",
            "account_member_self_management": "disabled",
            "relationships": {"authentication_realm": {"data": {"id": "realm-1", "type": "authentication_realm"}}}}});
        let settings = settings(&body);
        assert_eq!(settings.as_ref().ok().and_then(|s| s.realm_id.as_deref()), Some("realm-1"));
        assert_eq!(settings.as_ref().ok().and_then(|s| s.self_management.as_deref()), Some("disabled"));
    }

    #[test]
    fn settings_without_a_realm_parse() {
        let parsed = settings(&json!({"data": {"account_member_self_management": null}}));
        assert_eq!(parsed.map(|s| (s.realm_id, s.self_management)), Ok((None, None)));
    }

    #[test]
    fn settings_that_are_not_an_object_are_refused() {
        assert_eq!(settings(&json!({"data": []})).err().as_deref(), Some("data is an array, not an object"));
        assert_eq!(settings(&json!({"errors": []})).err().as_deref(), Some("it has no data object"));
    }

    #[test]
    fn profiles_tolerate_missing_and_null_fields() {
        let body = json!({"data": [
            {"id": "p1", "type": "password_profile", "name": "Main", "min_length": 10},
            {"id": "p2", "name": null, "username_format": null, "enable_one_time_password_token": null},
            {"id": "p3", "username_format": "email", "enable_one_time_password_token": true, "min_length": "12", "extra": {}}
        ]});
        let parsed = profiles(&body).unwrap_or_default();
        let summary: Vec<_> = parsed
            .iter()
            .map(|p| {
                (p.id.as_str(), p.name.as_deref(), p.username_format.as_deref(), p.otp_enabled, p.min_length)
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("p1", Some("Main"), None, false, Some(10)),
                ("p2", None, None, false, None),
                ("p3", None, Some("email"), true, Some(12)),
            ]
        );
    }

    #[test]
    fn lists_accept_null_data_and_refuse_other_shapes() {
        assert_eq!(profiles(&json!({"data": null})), Ok(vec![]));
        assert_eq!(
            profiles(&json!({"data": {"id": "x"}})).err().as_deref(),
            Some("data is an object, not a list")
        );
        assert_eq!(
            profiles(&json!({"data": [{"name": "no id"}]})).err().as_deref(),
            Some("a password profile has no id")
        );
        assert_eq!(
            profiles(&json!({"data": [7]})).err().as_deref(),
            Some("a password profile is a number, not an object")
        );
    }

    #[test]
    fn integrations_read_the_webhook_fields() {
        let body = json!({"data": [{"id": "i1", "type": "integration", "name": "Mail", "integration_type": "webhook",
            "observes": ["one-time-password-token-request.created", 5], "configuration": {"url": "https://h.example/x"}}]});
        let parsed = integrations(&body).unwrap_or_default();
        let first = parsed.first();
        assert_eq!(first.map(Integration::observes_otp), Some(true));
        assert_eq!(first.map(Integration::is_webhook), Some(true));
        assert_eq!(first.map(|i| i.enabled), Some(true), "a missing enabled reads as enabled");
        assert_eq!(first.and_then(|i| i.url.as_deref()), Some("https://h.example/x"));
        assert_eq!(first.and_then(|i| i.secret_key.clone()), None);
        let keys = integrations(&json!({"data": [
            {"id": "a", "configuration": {"url": "u", "secret_key": "k"}},
            {"id": "b", "configuration": {"url": "u", "secret_key": ""}},
            {"id": "c", "configuration": {"url": "u", "secret_key": null}},
        ]}))
        .unwrap_or_default();
        let keys: Vec<Option<&str>> = keys.iter().map(|i| i.secret_key.as_deref()).collect();
        assert_eq!(keys, [Some("k"), None, None], "an empty key is no key shown");
        assert_eq!(first.map(Integration::label).as_deref(), Some("\"Mail\" (i1)"));
    }

    #[test]
    fn users_credentials_and_created_ids() {
        assert_eq!(
            users(&json!({"data": [{"id": "u", "email": "a@b.c"}]})),
            Ok(vec![User { id: "u".into(), email: Some("a@b.c".into()) }])
        );
        assert_eq!(
            credentials(&json!({"data": [{"id": "c", "password_profile_id": "p", "username": "a@b.c"}]})),
            Ok(vec![Credential {
                id: "c".into(),
                password_profile_id: Some("p".into()),
                username: Some("a@b.c".into())
            }])
        );
        assert_eq!(created_id(&json!({"data": {"id": "new"}})).as_deref(), Ok("new"));
        assert!(created_id(&json!({"data": {}})).is_err());
        assert_eq!(list_total(&json!({"meta": {"results": {"total": 3}}})), Some(3));
    }
}
