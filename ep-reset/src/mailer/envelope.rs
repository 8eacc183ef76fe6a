//! Reading Elastic Path's event envelope (`one-time-password-token-request.created`): only the fields the
//! e-mail needs, each checked for type and length. Nothing here is trusted: an envelope is either a
//! [`Notification`] with every value checked, an event this mailer ignores, or an [`EnvelopeError`] that
//! names the field (never its value: the payload carries the one-time code and the shopper's address).

use std::fmt;
use std::str::FromStr;

use ep_reset_core::locale::Locale;

use serde_json::{Map, Value};

/// The event this mailer turns into an e-mail.
pub const OTP_CREATED: &str = "one-time-password-token-request.created";
/// The purpose of a password-reset code (the other, `passwordless_authentication`, is a sign-in link).
pub const RESET_PURPOSE: &str = "reset_password";

/// Longest accepted envelope `id` and resource id (Elastic Path's are 36-character UUIDs).
const MAX_ID: usize = 128;
/// Longest accepted one-time code (Elastic Path's example is 6 characters).
const MAX_CODE: usize = 128;
/// Longest accepted e-mail address (RFC 5321's path limit).
const MAX_EMAIL: usize = 254;
/// Longest accepted username or name.
const MAX_TEXT: usize = 256;
/// Longest accepted timestamp, event name or purpose.
const MAX_SHORT: usize = 64;

/// What an e-mail needs from one envelope, every value checked.
#[derive(Clone, PartialEq, Eq)]
pub struct Notification {
    /// The envelope `id`: the idempotency key (the same for every delivery attempt of one event).
    pub envelope_id: String,
    /// The envelope's `attempt`, when it has one.
    pub attempt: Option<u64>,
    /// `payload.created_at` as sent (RFC 3339 expected; the lifetime rule decides what an odd one means).
    pub created_at: Option<String>,
    /// `payload.user_authentication_info.email`: the recipient.
    pub email: String,
    /// `payload.user_authentication_info.name`, cleaned for display ([`super::display::clean`]) and cut
    /// to 256 characters; `None` when absent or blank.
    pub name: Option<String>,
    /// `payload.user_authentication_password_profile_info.username`.
    pub username: String,
    /// `payload.one_time_password_token`.
    pub code: String,
    /// `payload.password_profile_id` (else the credential's own `password_profile_id`).
    pub password_profile_id: Option<String>,
    /// `payload.authentication_realm_id`.
    pub authentication_realm_id: Option<String>,
    /// `payload.user_authentication_password_profile_info.id`.
    pub credential_id: Option<String>,
    /// The e-mail's language when the request named one (the webhook URL's `locale`); Elastic Path's
    /// event carries none. `None`: the mailer's `--locale`.
    pub locale: Option<Locale>,
}

impl fmt::Debug for Notification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notification")
            .field("envelope_id", &self.envelope_id)
            .field("attempt", &self.attempt)
            .field("email", &super::redact::email(&self.email))
            .field("code", &"***")
            .finish_non_exhaustive()
    }
}

/// An envelope that is well formed but not for this mailer: acknowledged (so Elastic Path does not retry
/// it) and not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ignored {
    /// `triggered_by` names another event.
    OtherEvent(String),
    /// A one-time code for another purpose (a passwordless sign-in link, not a reset).
    OtherPurpose(String),
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OtherEvent(event) => {
                write!(f, "triggered_by \"{}\" is not {OTP_CREATED}", super::redact::identifier(event))
            }
            Self::OtherPurpose(purpose) => {
                write!(f, "purpose \"{}\" is not {RESET_PURPOSE}", super::redact::identifier(purpose))
            }
        }
    }
}

/// What one envelope is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Envelope {
    /// A reset code to e-mail.
    Notification(Box<Notification>),
    /// Not for this mailer.
    Ignored {
        /// The envelope `id`, when it has a readable one (for the log line).
        envelope_id: Option<String>,
        /// Why.
        reason: Ignored,
    },
}

/// What is wrong with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Absent, `null` or empty.
    Missing,
    /// Present with another JSON type.
    WrongType(&'static str),
    /// Longer than the limit (in characters).
    TooLong(usize),
    /// Contains control characters (or, for a code, any whitespace).
    BadCharacters,
    /// Not an e-mail address.
    NotAnAddress,
}

/// Why an envelope cannot become an e-mail: the field's path and the problem, never the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvelopeError {
    /// The field, e.g. `payload.one_time_password_token`.
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: Problem,
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = self.field;
        match self.problem {
            Problem::Missing => write!(f, "{field} is missing"),
            Problem::WrongType(expected) => write!(f, "{field} is not {expected}"),
            Problem::TooLong(max) => write!(f, "{field} is longer than {max} characters"),
            Problem::BadCharacters => write!(f, "{field} contains characters it may not"),
            Problem::NotAnAddress => write!(f, "{field} is not an e-mail address"),
        }
    }
}

impl std::error::Error for EnvelopeError {}

fn error(field: &'static str, problem: Problem) -> EnvelopeError {
    EnvelopeError { field, problem }
}

/// One JSON object, read field by field under a path prefix.
struct Fields<'a> {
    object: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    /// `value` as an object, or the error for `field`.
    fn of(value: Option<&'a Value>, field: &'static str) -> Result<Self, EnvelopeError> {
        match value {
            None | Some(Value::Null) => Err(error(field, Problem::Missing)),
            Some(Value::Object(object)) => Ok(Self { object }),
            Some(_) => Err(error(field, Problem::WrongType("an object"))),
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|value| !value.is_null())
    }

    /// An optional string no longer than `max`, without control characters; empty counts as absent.
    fn optional(&self, key: &str, field: &'static str, max: usize) -> Result<Option<String>, EnvelopeError> {
        let Some(value) = self.get(key) else { return Ok(None) };
        let Value::String(text) = value else { return Err(error(field, Problem::WrongType("a string"))) };
        if text.chars().count() > max {
            return Err(error(field, Problem::TooLong(max)));
        }
        if text.chars().any(char::is_control) {
            return Err(error(field, Problem::BadCharacters));
        }
        Ok(Some(text.clone()).filter(|text| !text.trim().is_empty()))
    }

    /// A required string (see [`optional`](Self::optional)).
    fn required(&self, key: &str, field: &'static str, max: usize) -> Result<String, EnvelopeError> {
        self.optional(key, field, max)?.ok_or(error(field, Problem::Missing))
    }
}

/// Reads an envelope from its decoded JSON body.
pub fn parse(body: &Value) -> Result<Envelope, EnvelopeError> {
    let envelope = Fields::of(Some(body), "the body")?;
    let envelope_id = envelope.optional("id", "id", MAX_ID);
    let triggered_by = envelope.required("triggered_by", "triggered_by", MAX_SHORT * 2)?;
    if triggered_by != OTP_CREATED {
        return Ok(Envelope::Ignored {
            envelope_id: envelope_id.ok().flatten(),
            reason: Ignored::OtherEvent(triggered_by),
        });
    }
    let envelope_id = envelope_id?.ok_or(error("id", Problem::Missing))?;
    let attempt = match envelope.get("attempt") {
        None => None,
        Some(value) => Some(value.as_u64().ok_or(error("attempt", Problem::WrongType("a whole number")))?),
    };
    let payload = Fields::of(envelope.get("payload"), "payload")?;
    if let Some(purpose) = payload.optional("purpose", "payload.purpose", MAX_SHORT)?
        && purpose != RESET_PURPOSE
    {
        return Ok(Envelope::Ignored {
            envelope_id: Some(envelope_id),
            reason: Ignored::OtherPurpose(purpose),
        });
    }
    let code = payload.required("one_time_password_token", "payload.one_time_password_token", MAX_CODE)?;
    if code.chars().any(char::is_whitespace) {
        return Err(error("payload.one_time_password_token", Problem::BadCharacters));
    }
    let user = Fields::of(payload.get("user_authentication_info"), "payload.user_authentication_info")?;
    let email = user.required("email", "payload.user_authentication_info.email", MAX_EMAIL)?;
    if lettre::Address::from_str(email.trim()).is_err() {
        return Err(error("payload.user_authentication_info.email", Problem::NotAnAddress));
    }
    let name = read_name(&user)?;
    let credential = Fields::of(
        payload.get("user_authentication_password_profile_info"),
        "payload.user_authentication_password_profile_info",
    )?;
    let username = credential.required(
        "username",
        "payload.user_authentication_password_profile_info.username",
        MAX_TEXT,
    )?;
    let credential_id =
        credential.optional("id", "payload.user_authentication_password_profile_info.id", MAX_ID)?;
    let credential_profile = credential.optional(
        "password_profile_id",
        "payload.user_authentication_password_profile_info.password_profile_id",
        MAX_ID,
    )?;
    let password_profile_id =
        payload.optional("password_profile_id", "payload.password_profile_id", MAX_ID)?;
    let authentication_realm_id =
        payload.optional("authentication_realm_id", "payload.authentication_realm_id", MAX_ID)?;
    let created_at = payload.optional("created_at", "payload.created_at", MAX_SHORT)?;
    Ok(Envelope::Notification(Box::new(Notification {
        envelope_id,
        attempt,
        created_at,
        email: email.trim().to_string(),
        name,
        username,
        code,
        password_profile_id: password_profile_id.or(credential_profile),
        authentication_realm_id,
        credential_id,
        locale: None,
    })))
}

/// The user's name for the greeting: any string (the shopper chose it, so a long one is cut, not
/// refused), cleaned for display and kept to [`MAX_TEXT`] characters; blank is no name.
fn read_name(user: &Fields<'_>) -> Result<Option<String>, EnvelopeError> {
    const FIELD: &str = "payload.user_authentication_info.name";
    let Some(value) = user.get("name") else { return Ok(None) };
    let Value::String(name) = value else { return Err(error(FIELD, Problem::WrongType("a string"))) };
    Ok(Some(super::display::clean(name, MAX_TEXT)).filter(|name| !name.is_empty()))
}

#[cfg(test)]
mod tests;
