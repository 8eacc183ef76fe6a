//! The switches: behaviours where Elastic Path's documentation and its clients disagree, or where a real
//! store may do either of two things. Each is a command-line option, a key of the seed's `switches`
//! object, and settable at run time through `/__sandbox/switches`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Which spellings of the OTP request's `data.type` the sandbox accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OtpRequestType {
    /// Only `one_time_password_token_request` (docs, SDK, EP's CLI).
    Underscore,
    /// Only `one-time-password-token-request` (the newest SSO spec).
    Hyphen,
    /// Either spelling.
    #[default]
    Both,
}

impl OtpRequestType {
    /// The underscore spelling.
    pub const UNDERSCORE: &str = "one_time_password_token_request";
    /// The hyphen spelling.
    pub const HYPHEN: &str = "one-time-password-token-request";

    /// Whether a request with this `data.type` is accepted.
    pub fn accepts(self, kind: &str) -> bool {
        match self {
            Self::Underscore => kind == Self::UNDERSCORE,
            Self::Hyphen => kind == Self::HYPHEN,
            Self::Both => kind == Self::UNDERSCORE || kind == Self::HYPHEN,
        }
    }

    /// The accepted spellings, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            Self::Underscore => Self::UNDERSCORE,
            Self::Hyphen => Self::HYPHEN,
            Self::Both => "one_time_password_token_request or one-time-password-token-request",
        }
    }
}

/// Whether an implicit token may read `GET /v2/settings/account-authentication`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ImplicitSettings {
    /// Allowed, as EP's own `examples/core` relies on.
    #[default]
    Allow,
    /// `403`, as the permissions table says.
    Refuse,
}

/// How the app's common-password list (`common-passwords.txt`) is served, to show the page a list that
/// fails or is not the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CommonPasswordList {
    /// The file as built.
    #[default]
    Served,
    /// `index.html`, as a static host's single-page fallback answers a missing file.
    Fallback,
    /// `index.html`'s bytes labelled `text/plain`.
    Mislabelled,
    /// The file's first 50 lines only.
    Truncated,
    /// `503`.
    Unavailable,
}

/// How the Pwned Passwords compatible range API (`/range/{prefix}`) answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum BreachRange {
    /// As the real service: padded with count-0 lines when the request asks (`Add-Padding: true`).
    #[default]
    Padded,
    /// Never padded, whatever the request asks.
    Unpadded,
    /// The connection is dropped: the service cannot be reached.
    Down,
    /// The answer comes after 10 s, past the element's timeout.
    Slow,
    /// `200` with an HTML page (a captive portal's), not a range answer.
    Malformed,
}

/// All switches. A seed's `switches` object may give any subset; the rest keep these defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Switches {
    /// Accepted OTP request `type` spellings; any other `type` answers `422`.
    pub otp_request_type: OtpRequestType,
    /// Whether 429 answers carry `Retry-After`.
    pub retry_after: bool,
    /// Whether CORS exposes `Retry-After` to scripts (EP documents no such header).
    pub expose_retry_after: bool,
    /// Whether an implicit token may read the account authentication settings.
    pub implicit_settings: ImplicitSettings,
    /// Whether 4xx/5xx API answers go out without CORS headers (a browser then sees a network error).
    pub strip_error_cors: bool,
    /// Whether every seeded user has an older second credential in the same profile, listed first.
    pub duplicate_credentials: bool,
    /// How the app's common-password list is served.
    pub common_password_list: CommonPasswordList,
    /// How the range API answers.
    pub breach_range: BreachRange,
}

impl Default for Switches {
    fn default() -> Self {
        Self {
            otp_request_type: OtpRequestType::Both,
            retry_after: true,
            expose_retry_after: false,
            implicit_settings: ImplicitSettings::Allow,
            strip_error_cors: false,
            duplicate_credentials: false,
            common_password_list: CommonPasswordList::Served,
            breach_range: BreachRange::Padded,
        }
    }
}

impl Switches {
    /// These switches with the keys of a JSON object `patch` replaced. An unknown key, a bad value or a
    /// body that is not an object is an error naming the problem (and nothing is applied).
    pub fn patched(&self, patch: &[u8]) -> Result<Self, String> {
        let patch: Map<String, Value> = serde_json::from_slice(patch)
            .map_err(|e| format!("the body must be a JSON object of switches: {e}"))?;
        let Ok(Value::Object(mut merged)) = serde_json::to_value(self) else {
            return Err("the switches could not be read".into());
        };
        for (key, value) in patch {
            if !merged.contains_key(&key) {
                let known: Vec<&str> = merged.keys().map(String::as_str).collect();
                return Err(format!("unknown switch {key:?}; known: {}", known.join(", ")));
            }
            // One key at a time, so the error names the switch whose value is wrong.
            let single = Value::Object(Map::from_iter([(key.clone(), value.clone())]));
            serde_json::from_value::<Self>(single).map_err(|e| format!("{key}: {e}"))?;
            merged.insert(key, value);
        }
        serde_json::from_value(Value::Object(merged)).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_what_ep_documents() {
        let json = serde_json::to_value(Switches::default()).ok();
        assert_eq!(
            json,
            Some(serde_json::json!({
                "otp_request_type": "both",
                "retry_after": true,
                "expose_retry_after": false,
                "implicit_settings": "allow",
                "strip_error_cors": false,
                "duplicate_credentials": false,
                "common_password_list": "served",
                "breach_range": "padded",
            }))
        );
    }

    #[test]
    fn patch_replaces_only_the_given_keys() {
        let patched =
            Switches::default().patched(br#"{"otp_request_type": "hyphen", "strip_error_cors": true}"#);
        let expected = Switches {
            otp_request_type: OtpRequestType::Hyphen,
            strip_error_cors: true,
            ..Switches::default()
        };
        assert_eq!(patched, Ok(expected));
        assert_eq!(Switches::default().patched(b"{}"), Ok(Switches::default()));
    }

    #[test]
    fn bad_patches_name_the_problem() {
        let error = |body: &[u8]| Switches::default().patched(body).err().unwrap_or_default();
        assert!(error(br#"{"nope": true}"#).contains("unknown switch \"nope\""));
        assert!(error(br#"{"retry_after": "yes"}"#).starts_with("retry_after:"));
        assert!(error(br#"{"implicit_settings": "sometimes"}"#).starts_with("implicit_settings:"));
        assert!(error(br#"{"retry_after": null}"#).starts_with("retry_after:"));
        assert!(error(b"[1]").contains("JSON object"));
        assert!(error(b"not json").contains("JSON object"));
    }

    #[test]
    fn otp_request_spellings() {
        let hyphen = OtpRequestType::HYPHEN;
        let underscore = OtpRequestType::UNDERSCORE;
        assert!(OtpRequestType::Both.accepts(hyphen) && OtpRequestType::Both.accepts(underscore));
        assert!(OtpRequestType::Hyphen.accepts(hyphen) && !OtpRequestType::Hyphen.accepts(underscore));
        assert!(
            OtpRequestType::Underscore.accepts(underscore) && !OtpRequestType::Underscore.accepts(hyphen)
        );
        assert!(!OtpRequestType::Both.accepts("one_time_password_token"));
    }
}
