//! Runtime configuration, read from the attributes of the `<ep-password-reset>` element.
//!
//! One build serves any store: everything store-specific arrives here at run time. [`Config::from_attributes`]
//! takes an attribute getter (the browser passes `Element::get_attribute`, tests pass a map), validates every
//! value and reports **all** problems at once, so a store owner fixes their page in one go.

use crate::resource_id::ResourceId;
use crate::username::UsernameFormat;

/// The custom element the app mounts into, and whose attributes configure it.
pub const ELEMENT_NAME: &str = "ep-password-reset";

/// Names of the configuration attributes on the element.
pub mod attr {
    /// Base URL of the Elastic Path API (required), e.g. `https://useast.api.elasticpath.com`.
    pub const API_BASE: &str = "api-base";
    /// The store's public implicit-grant client id (required).
    pub const CLIENT_ID: &str = "client-id";
    /// Authentication realm id; discovered through the API when absent.
    pub const REALM_ID: &str = "realm-id";
    /// Password profile id; discovered through the API when absent.
    pub const PASSWORD_PROFILE_ID: &str = "password-profile-id";
    /// Preferred locale (BCP 47), e.g. `en` or `en-GB`. Not validated: the app shows the closest
    /// catalogue, English when none matches, even when the rest of the configuration is unusable.
    pub const LOCALE: &str = "locale";
    /// Same-origin path to go to after a successful reset.
    pub const RETURN_TO: &str = "return-to";
    /// Where the "Sign in" links point.
    pub const SIGN_IN_URL: &str = "sign-in-url";
    /// Path prefix the app is served under, e.g. `/account/reset`.
    pub const BASE_PATH: &str = "base-path";
    /// Minimum password length in Unicode code points (8 to 64).
    pub const MIN_PASSWORD_LENGTH: &str = "min-password-length";
    /// Seconds before "Send again" is offered for the same username.
    pub const RESEND_COOLDOWN_SECS: &str = "resend-cooldown-secs";
    /// `email` or `any`: the password profile's username format.
    pub const USERNAME_FORMAT: &str = "username-format";
    /// Which view the element shows: `forgot`, `change` or `auto` (see [`View`](super::View)).
    pub const VIEW: &str = "view";
    /// Turns on the breached-password check: empty for Have I Been Pwned's range API, or the URL of a
    /// compatible mirror that the hash prefix is appended to (see [`crate::breach`]).
    pub const BREACH_CHECK: &str = "breach-check";
}

/// Documented defaults of the optional attributes.
pub mod defaults {
    /// Default sign-in link.
    pub const SIGN_IN_URL: &str = "/login";
    /// Default base path: the site root.
    pub const BASE_PATH: &str = "/";
    /// Elastic Path's own floor, and what shoppers signed up with.
    pub const MIN_PASSWORD_LENGTH: u32 = 8;
    /// Default per-username cooldown before another link can be requested.
    pub const RESEND_COOLDOWN_SECS: u32 = 60;
}

/// Bounds the configuration values must respect.
mod bounds {
    pub const MIN_PASSWORD_LENGTH_FLOOR: u32 = 8;
    pub const MIN_PASSWORD_LENGTH_CEILING: u32 = 64;
    pub const RESEND_COOLDOWN_CEILING: u32 = 3600;
    pub const ID_MAX_LEN: usize = 128;
    pub const URL_MAX_LEN: usize = 2048;
}

/// The validated configuration of one mounted app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// API origin plus optional path, without a trailing slash.
    pub api_base: String,
    /// Public implicit-grant client id.
    pub client_id: String,
    /// Authentication realm id, when configured.
    pub realm_id: Option<ResourceId>,
    /// Password profile id, when configured.
    pub password_profile_id: Option<ResourceId>,
    /// Raw `return-to`; the page accepts it only if it is a same-origin relative path.
    pub return_to: Option<String>,
    /// Sign-in link target: a path or an `https://` URL.
    pub sign_in_url: String,
    /// Router base: `""` for the site root, else `/prefix` without a trailing slash.
    pub base_path: String,
    /// Minimum password length in code points.
    pub min_password_length: u32,
    /// Cooldown between two link requests for one username, in seconds.
    pub resend_cooldown_secs: u32,
    /// Username format, when configured; otherwise it comes from the discovered password profile.
    pub username_format: Option<UsernameFormat>,
    /// Which view the element opens with.
    pub view: View,
    /// The range API URL the breach check appends a hash prefix to (ending in `/`), when it is on.
    pub breach_check: Option<String>,
}

/// Which view the element opens with (the `view` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// No `view` attribute: the page at the address's path under the base path (`/forgot_password`,
    /// `/change_password`, else not found), as the standalone page is served.
    #[default]
    ByPath,
    /// `view="forgot"`: the forgot-password view, wherever the host page is.
    Forgot,
    /// `view="change"`: the change-password view (the typed-code form when the address has no link).
    Change,
    /// `view="auto"`: the change view when the address carries a reset code, else the forgot view.
    Auto,
}

/// One problem with the configuration: which attribute, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The attribute name, e.g. `client-id`.
    pub attribute: &'static str,
    /// What is wrong.
    pub problem: ConfigProblem,
}

/// What is wrong with a configuration attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// A required attribute is absent or empty.
    Missing,
    /// Not an `https://` URL (plain `http://` is allowed only for loopback hosts).
    NotHttpsUrl,
    /// Not a path starting with a single `/`.
    NotAPath,
    /// Characters outside the allowed set, or too long.
    BadIdentifier,
    /// A number outside its allowed range.
    OutOfRange {
        /// Smallest allowed value.
        min: u32,
        /// Largest allowed value.
        max: u32,
    },
    /// Neither `email` nor `any`.
    UnknownUsernameFormat,
    /// Not `forgot`, `change` or `auto`.
    UnknownView,
}

impl Config {
    /// Reads and validates the configuration; `get` returns an attribute's value, if present.
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Result<Self, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let value = |name: &str| get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let api_base = required(&mut errors, attr::API_BASE, value(attr::API_BASE), parse_api_base);
        let client_id = required(&mut errors, attr::CLIENT_ID, value(attr::CLIENT_ID), parse_identifier);
        let realm_id = optional(&mut errors, attr::REALM_ID, value(attr::REALM_ID), parse_resource_id);
        let password_profile_id = optional(
            &mut errors,
            attr::PASSWORD_PROFILE_ID,
            value(attr::PASSWORD_PROFILE_ID),
            parse_resource_id,
        );
        let return_to = value(attr::RETURN_TO).filter(|v| v.len() <= bounds::URL_MAX_LEN);
        let sign_in_url =
            optional(&mut errors, attr::SIGN_IN_URL, value(attr::SIGN_IN_URL), parse_link_target)
                .unwrap_or_else(|| defaults::SIGN_IN_URL.to_owned());
        let base_path = optional(&mut errors, attr::BASE_PATH, value(attr::BASE_PATH), parse_base_path)
            .unwrap_or_default();
        let min_password_length =
            optional(&mut errors, attr::MIN_PASSWORD_LENGTH, value(attr::MIN_PASSWORD_LENGTH), |v| {
                parse_number(v, bounds::MIN_PASSWORD_LENGTH_FLOOR, bounds::MIN_PASSWORD_LENGTH_CEILING)
            })
            .unwrap_or(defaults::MIN_PASSWORD_LENGTH);
        let resend_cooldown_secs =
            optional(&mut errors, attr::RESEND_COOLDOWN_SECS, value(attr::RESEND_COOLDOWN_SECS), |v| {
                parse_number(v, 0, bounds::RESEND_COOLDOWN_CEILING)
            })
            .unwrap_or(defaults::RESEND_COOLDOWN_SECS);
        let username_format =
            optional(&mut errors, attr::USERNAME_FORMAT, value(attr::USERNAME_FORMAT), parse_username_format);
        let view = optional(&mut errors, attr::VIEW, value(attr::VIEW), parse_view).unwrap_or_default();
        // A boolean attribute: present and empty means the default service.
        let breach_check = get(attr::BREACH_CHECK).map(|raw| raw.trim().to_owned()).and_then(|raw| {
            if raw.is_empty() {
                return Some(crate::breach::DEFAULT_RANGE_URL.to_owned());
            }
            optional(&mut errors, attr::BREACH_CHECK, Some(raw), parse_range_url)
        });

        match (api_base, client_id) {
            (Some(api_base), Some(client_id)) if errors.is_empty() => Ok(Self {
                api_base,
                client_id,
                realm_id,
                password_profile_id,
                return_to,
                sign_in_url,
                base_path,
                min_password_length,
                resend_cooldown_secs,
                username_format,
                view,
                breach_check,
            }),
            _ => Err(errors),
        }
    }
}

fn required<T>(
    errors: &mut Vec<ConfigError>,
    attribute: &'static str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Result<T, ConfigProblem>,
) -> Option<T> {
    if raw.is_none() {
        errors.push(ConfigError { attribute, problem: ConfigProblem::Missing });
    }
    optional(errors, attribute, raw, parse)
}

fn optional<T>(
    errors: &mut Vec<ConfigError>,
    attribute: &'static str,
    raw: Option<String>,
    parse: impl Fn(&str) -> Result<T, ConfigProblem>,
) -> Option<T> {
    let raw = raw?;
    parse(&raw).map_err(|problem| errors.push(ConfigError { attribute, problem })).ok()
}

/// `https://host[:port][/path]`, or `http://` on a loopback host (the local sandbox). No credentials,
/// query or fragment. The trailing slash is removed so paths can be appended.
fn parse_api_base(raw: &str) -> Result<String, ConfigProblem> {
    let lower = raw.to_ascii_lowercase();
    let (rest, is_https) = if let Some(rest) = lower.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(ConfigProblem::NotHttpsUrl);
    };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = host_of(authority);
    let well_formed = raw.len() <= bounds::URL_MAX_LEN
        && !host.is_empty()
        && !authority.contains('@')
        && !raw.contains(['?', '#', '\\', ' '])
        && !raw.chars().any(char::is_control);
    if !well_formed || !(is_https || is_loopback(host)) {
        return Err(ConfigProblem::NotHttpsUrl);
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

/// A range API URL: the same rules as `api-base`, ending in `/` so a prefix can be appended.
fn parse_range_url(raw: &str) -> Result<String, ConfigProblem> {
    parse_api_base(raw).map(|url| format!("{url}/"))
}

fn host_of(authority: &str) -> &str {
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().map_or("", |h| h);
    }
    authority.split(':').next().unwrap_or_default()
}

fn is_loopback(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    let is_127_literal = octets.len() == 4
        && octets[0] == "127"
        && octets.iter().all(|o| !o.is_empty() && o.len() <= 3 && o.bytes().all(|b| b.is_ascii_digit()));
    host == "localhost" || host == "::1" || is_127_literal
}

/// Realm and profile ids end up in URL paths: the same rule as every other id ([`ResourceId`]).
fn parse_resource_id(raw: &str) -> Result<ResourceId, ConfigProblem> {
    ResourceId::parse(raw).ok_or(ConfigProblem::BadIdentifier)
}

/// Client ids: random strings in practice; allow the characters they use.
fn parse_identifier(raw: &str) -> Result<String, ConfigProblem> {
    let ok = raw.len() <= bounds::ID_MAX_LEN
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok { Ok(raw.to_owned()) } else { Err(ConfigProblem::BadIdentifier) }
}

/// A same-origin path (`/login`) or an absolute `https://` URL; never `javascript:` and friends.
fn parse_link_target(raw: &str) -> Result<String, ConfigProblem> {
    if raw.len() > bounds::URL_MAX_LEN || raw.chars().any(|c| c.is_control() || c == '\\') {
        return Err(ConfigProblem::NotAPath);
    }
    let is_path = raw.starts_with('/') && !raw.starts_with("//");
    let is_https = raw.to_ascii_lowercase().starts_with("https://") && raw.len() > "https://".len();
    if is_path || is_https { Ok(raw.to_owned()) } else { Err(ConfigProblem::NotAPath) }
}

/// `/` → `""` (the router's root); `/account/reset/` → `/account/reset`.
fn parse_base_path(raw: &str) -> Result<String, ConfigProblem> {
    let safe = raw.starts_with('/')
        && !raw.starts_with("//")
        && raw.len() <= 256
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~'))
        && !raw.split('/').any(|segment| segment == "..");
    if !safe {
        return Err(ConfigProblem::NotAPath);
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

fn parse_number(raw: &str, min: u32, max: u32) -> Result<u32, ConfigProblem> {
    raw.parse::<u32>().ok().filter(|n| (min..=max).contains(n)).ok_or(ConfigProblem::OutOfRange { min, max })
}

fn parse_username_format(raw: &str) -> Result<UsernameFormat, ConfigProblem> {
    match raw.to_ascii_lowercase().as_str() {
        "email" => Ok(UsernameFormat::Email),
        "any" => Ok(UsernameFormat::Any),
        _ => Err(ConfigProblem::UnknownUsernameFormat),
    }
}

fn parse_view(raw: &str) -> Result<View, ConfigProblem> {
    match raw.to_ascii_lowercase().as_str() {
        "forgot" => Ok(View::Forgot),
        "change" => Ok(View::Change),
        "auto" => Ok(View::Auto),
        _ => Err(ConfigProblem::UnknownView),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> Result<Config, Vec<ConfigError>> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Config::from_attributes(|name| map.get(name).cloned())
    }

    fn minimal() -> Vec<(&'static str, &'static str)> {
        vec![(attr::API_BASE, "https://useast.api.elasticpath.com/"), (attr::CLIENT_ID, "abc-123")]
    }

    fn problem_of(pairs: &[(&str, &str)], attribute: &str) -> Option<ConfigProblem> {
        parse(pairs).err()?.into_iter().find(|e| e.attribute == attribute).map(|e| e.problem)
    }

    #[test]
    fn minimal_config_gets_documented_defaults() {
        let config = parse(&minimal()).expect("valid");
        assert_eq!(config.api_base, "https://useast.api.elasticpath.com");
        assert_eq!(config.client_id, "abc-123");
        assert_eq!(config.realm_id, None);
        assert_eq!(config.password_profile_id, None);
        assert_eq!(config.sign_in_url, "/login");
        assert_eq!(config.base_path, "");
        assert_eq!(config.min_password_length, 8);
        assert_eq!(config.resend_cooldown_secs, 60);
        assert_eq!(config.return_to, None);
        assert_eq!(config.username_format, None);
        assert_eq!(config.view, View::ByPath);
        assert_eq!(config.breach_check, None, "the breach check is opt-in");
    }

    #[test]
    fn breach_check_is_a_boolean_attribute_with_an_optional_mirror() {
        let with = |value: &str| {
            let mut pairs = minimal();
            pairs.push((attr::BREACH_CHECK, value));
            parse(&pairs)
        };
        let default = Some("https://api.pwnedpasswords.com/range/".to_owned());
        assert_eq!(with("").map(|c| c.breach_check), Ok(default.clone()));
        assert_eq!(with("  ").map(|c| c.breach_check), Ok(default));
        let mirror = with("https://pwned.shop.example/range").map(|c| c.breach_check);
        assert_eq!(mirror, Ok(Some("https://pwned.shop.example/range/".to_owned())));
        let local = with("http://127.0.0.1:4511/range/").map(|c| c.breach_check);
        assert_eq!(local, Ok(Some("http://127.0.0.1:4511/range/".to_owned())));
        for bad in ["http://pwned.example/range/", "javascript:alert(1)", "https://x.example/range?k=1"] {
            let problem =
                with(bad).err().and_then(|e| e.into_iter().find(|e| e.attribute == attr::BREACH_CHECK));
            assert_eq!(problem.map(|e| e.problem), Some(ConfigProblem::NotHttpsUrl), "{bad}");
        }
    }

    #[test]
    fn every_missing_required_attribute_is_reported() {
        let errors = parse(&[]).expect_err("invalid");
        assert_eq!(
            errors,
            vec![
                ConfigError { attribute: attr::API_BASE, problem: ConfigProblem::Missing },
                ConfigError { attribute: attr::CLIENT_ID, problem: ConfigProblem::Missing },
            ]
        );
    }

    #[test]
    fn blank_values_count_as_missing() {
        let pairs = [(attr::API_BASE, "https://a.example"), (attr::CLIENT_ID, "   ")];
        assert_eq!(problem_of(&pairs, attr::CLIENT_ID), Some(ConfigProblem::Missing));
    }

    #[test]
    fn api_base_must_be_https_or_loopback_http() {
        for good in [
            "https://euwest.api.elasticpath.com",
            "https://api.example.com:8443/prefix/",
            "http://127.0.0.1:8080",
            "http://localhost:8081",
            "http://[::1]:8080",
        ] {
            let pairs = [(attr::API_BASE, good), (attr::CLIENT_ID, "x")];
            assert!(parse(&pairs).is_ok(), "{good} should be accepted");
        }
        for bad in [
            "http://api.example.com",
            "ftp://api.example.com",
            "javascript:alert(1)",
            "https://",
            "https://user:pw@api.example.com",
            "https://api.example.com/?x=1",
            "https://api.example.com/#frag",
            "//api.example.com",
            "api.example.com",
            "http://127.0.0.1.evil.example",
        ] {
            let pairs = [(attr::API_BASE, bad), (attr::CLIENT_ID, "x")];
            // `127.0.0.1.evil.example` is a real DNS name, not loopback: plain http must be refused.
            assert_eq!(problem_of(&pairs, attr::API_BASE), Some(ConfigProblem::NotHttpsUrl), "{bad}");
        }
    }

    #[test]
    fn identifiers_refuse_odd_characters() {
        let mut pairs = minimal();
        pairs.push((attr::REALM_ID, "<script>"));
        assert_eq!(problem_of(&pairs, attr::REALM_ID), Some(ConfigProblem::BadIdentifier));
        let mut pairs = minimal();
        pairs.push((attr::PASSWORD_PROFILE_ID, "../x"));
        assert_eq!(problem_of(&pairs, attr::PASSWORD_PROFILE_ID), Some(ConfigProblem::BadIdentifier));
        let mut pairs = minimal();
        pairs.push((attr::REALM_ID, "447b6016-5c2b-4dd6-9c2c-0a1a0d1e2f3a"));
        let realm = parse(&pairs).ok().and_then(|c| c.realm_id).map(|r| r.as_str().to_owned());
        assert_eq!(realm.as_deref(), Some("447b6016-5c2b-4dd6-9c2c-0a1a0d1e2f3a"));
        let long = "a".repeat(129);
        let pairs = [(attr::API_BASE, "https://a.example"), (attr::CLIENT_ID, long.as_str())];
        assert_eq!(problem_of(&pairs, attr::CLIENT_ID), Some(ConfigProblem::BadIdentifier));
    }

    #[test]
    fn numbers_are_range_checked() {
        for (raw, expected) in [("8", Some(8)), ("64", Some(64)), ("12", Some(12))] {
            let mut pairs = minimal();
            pairs.push((attr::MIN_PASSWORD_LENGTH, raw));
            assert_eq!(parse(&pairs).ok().map(|c| c.min_password_length), expected, "{raw}");
        }
        for raw in ["7", "0", "65", "-1", "ten", "8.5"] {
            let mut pairs = minimal();
            pairs.push((attr::MIN_PASSWORD_LENGTH, raw));
            assert_eq!(
                problem_of(&pairs, attr::MIN_PASSWORD_LENGTH),
                Some(ConfigProblem::OutOfRange { min: 8, max: 64 }),
                "{raw}"
            );
        }
        let mut pairs = minimal();
        pairs.push((attr::RESEND_COOLDOWN_SECS, "0"));
        assert_eq!(parse(&pairs).ok().map(|c| c.resend_cooldown_secs), Some(0));
    }

    #[test]
    fn base_path_is_normalised_for_the_router() {
        for (raw, expected) in [("/", ""), ("/account/reset/", "/account/reset"), ("/a", "/a")] {
            let mut pairs = minimal();
            pairs.push((attr::BASE_PATH, raw));
            assert_eq!(parse(&pairs).ok().map(|c| c.base_path), Some(expected.to_owned()), "{raw}");
        }
        for raw in ["account", "//evil.example", "/a/../b", "/a b", "/a?x"] {
            let mut pairs = minimal();
            pairs.push((attr::BASE_PATH, raw));
            assert_eq!(problem_of(&pairs, attr::BASE_PATH), Some(ConfigProblem::NotAPath), "{raw}");
        }
    }

    #[test]
    fn sign_in_url_accepts_paths_and_https_only() {
        for good in ["/login", "/account/login?x=1", "https://shop.example/login"] {
            let mut pairs = minimal();
            pairs.push((attr::SIGN_IN_URL, good));
            assert_eq!(parse(&pairs).ok().map(|c| c.sign_in_url), Some(good.to_owned()));
        }
        for bad in ["javascript:alert(1)", "//evil.example", "http://shop.example", "/\\evil", "login"] {
            let mut pairs = minimal();
            pairs.push((attr::SIGN_IN_URL, bad));
            assert_eq!(problem_of(&pairs, attr::SIGN_IN_URL), Some(ConfigProblem::NotAPath), "{bad}");
        }
    }

    #[test]
    fn username_format_and_an_unvalidated_locale() {
        let mut pairs = minimal();
        pairs.push((attr::USERNAME_FORMAT, "EMAIL"));
        pairs.push((attr::LOCALE, "any value <at all>"));
        let config = parse(&pairs).expect("valid");
        assert_eq!(config.username_format, Some(UsernameFormat::Email));
        let mut pairs = minimal();
        pairs.push((attr::USERNAME_FORMAT, "phone"));
        assert_eq!(problem_of(&pairs, attr::USERNAME_FORMAT), Some(ConfigProblem::UnknownUsernameFormat));
    }
}

#[cfg(test)]
mod view_tests {
    use super::*;

    fn view_of(raw: &str) -> Result<View, Vec<ConfigError>> {
        Config::from_attributes(|name| match name {
            attr::API_BASE => Some("https://a.example".to_owned()),
            attr::CLIENT_ID => Some("x".to_owned()),
            attr::VIEW => Some(raw.to_owned()),
            _ => None,
        })
        .map(|config| config.view)
    }

    #[test]
    fn the_view_attribute_names_one_of_three_views() {
        assert_eq!(view_of("forgot"), Ok(View::Forgot));
        assert_eq!(view_of(" Change "), Ok(View::Change));
        assert_eq!(view_of("auto"), Ok(View::Auto));
        assert_eq!(view_of(""), Ok(View::ByPath), "blank is absent");
        let errors = view_of("reset").expect_err("unknown");
        assert_eq!(errors, vec![ConfigError { attribute: attr::VIEW, problem: ConfigProblem::UnknownView }]);
    }
}
