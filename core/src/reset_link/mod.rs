//! Reading the reset link (`/change_password?username=…&token=…`, or the same after `#`).
//!
//! Rules, in order:
//! - Both the query and the fragment are read. Their pairs are taken **fragment first, then query**, and
//!   for each parameter the **first occurrence wins** (so a fragment value beats a query value, and
//!   `token=a&token=b` means `a`). The fragment is the form we recommend (it never reaches a server log),
//!   so it is the one trusted when both disagree.
//! - Values are percent-decoded by [`ep_reset_link::parse_pairs`] (`+` is a space). Parameter names match
//!   exactly (case-sensitive). Unknown parameters are ignored. An empty value counts as absent.
//! - `username`: required; kept exactly as sent (it must equal the credential's username), at most
//!   [`username::MAX_LEN`](crate::username::MAX_LEN) characters, no control characters and no U+FFFD
//!   (the mark of a broken percent-encoding).
//! - `token`: required; surrounding whitespace trimmed (mail clients wrap and pad links); then
//!   [`OTP_MIN_LEN`]..=[`OTP_MAX_LEN`] characters of `[A-Za-z0-9_-]`.
//! - `password_profile_id`, `authentication_realm_id`, `user_authentication_password_profile_info_id`:
//!   optional; when present they must be [`ResourceId`]s, otherwise the whole link is invalid.
//!
//! A link with neither `username` nor `token` is [`ResetLinkError::Missing`] ("no link": show the
//! typed-code path); anything else wrong is [`ResetLinkError::Invalid`] ("broken link").

mod address;

pub use address::{clean_address, has_sensitive_params, strip_sensitive};

use ep_reset_link::{param, parse_pairs};

use crate::resource_id::ResourceId;
use crate::secret::Secret;

/// Shortest accepted one-time password.
pub const OTP_MIN_LEN: usize = 4;
/// Longest accepted one-time password.
pub const OTP_MAX_LEN: usize = 64;

/// A well-formed reset link, read once and then kept in memory only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetLink {
    /// The credential's username, exactly as in the link.
    pub username: String,
    /// The one-time password.
    pub token: Secret<String>,
    /// The optional ids.
    pub ids: LinkIds,
}

/// The optional ids a link may carry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkIds {
    /// `password_profile_id`.
    pub password_profile_id: Option<ResourceId>,
    /// `authentication_realm_id`.
    pub authentication_realm_id: Option<ResourceId>,
    /// `user_authentication_password_profile_info_id`.
    pub user_authentication_password_profile_info_id: Option<ResourceId>,
}

/// A link parameter, to say which one was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkParam {
    /// `username`.
    Username,
    /// `token`.
    Token,
    /// `password_profile_id`.
    PasswordProfileId,
    /// `authentication_realm_id`.
    AuthenticationRealmId,
    /// `user_authentication_password_profile_info_id`.
    UserAuthenticationPasswordProfileInfoId,
}

/// What was wrong with a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidReason {
    /// Required but absent or empty.
    Missing,
    /// Longer than allowed.
    TooLong,
    /// Too short (one-time password only).
    TooShort,
    /// Characters outside the parameter's allowed set.
    BadCharacters,
    /// Names a realm or profile other than the one configuration pins.
    ConflictsWithConfig,
}

/// Why the page cannot use the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetLinkError {
    /// Neither `username` nor `token`: the page was opened without a link (or after a reload).
    Missing,
    /// A broken, tampered or foreign link.
    Invalid {
        /// Which parameter.
        param: LinkParam,
        /// What was wrong.
        reason: InvalidReason,
    },
}

impl ResetLink {
    /// Reads a link from `location.search` and `location.hash` (leading `?`/`#` allowed, either empty).
    pub fn parse(query: &str, fragment: &str) -> Result<Self, ResetLinkError> {
        let pairs = Pairs::read(query, fragment);
        let username = pairs.get(param::USERNAME).filter(|u| !u.trim().is_empty());
        let token = pairs.get(param::TOKEN).filter(|t| !t.trim().is_empty());
        let (username, token) = match (username, token) {
            (None, None) => return Err(ResetLinkError::Missing),
            (None, Some(_)) => return Err(invalid(LinkParam::Username, InvalidReason::Missing)),
            (Some(_), None) => return Err(invalid(LinkParam::Token, InvalidReason::Missing)),
            (Some(username), Some(token)) => (username, token),
        };
        check_link_username(username).map_err(|reason| invalid(LinkParam::Username, reason))?;
        let token = parse_one_time_code(token).map_err(|reason| invalid(LinkParam::Token, reason))?;
        let ids = LinkIds::from_pairs(&pairs)?;
        Ok(Self { username: username.to_owned(), token, ids })
    }

    /// See [`LinkIds::check_pins`].
    pub fn check_pins(
        &self,
        realm: Option<&ResourceId>,
        profile: Option<&ResourceId>,
    ) -> Result<(), ResetLinkError> {
        self.ids.check_pins(realm, profile)
    }
}

impl LinkIds {
    /// Reads only the optional ids (for the typed-code path, when the link itself is missing or broken).
    pub fn parse(query: &str, fragment: &str) -> Result<Self, ResetLinkError> {
        Self::from_pairs(&Pairs::read(query, fragment))
    }

    fn from_pairs(pairs: &Pairs) -> Result<Self, ResetLinkError> {
        let id = |name: &str, which: LinkParam| -> Result<Option<ResourceId>, ResetLinkError> {
            match pairs.get(name).filter(|v| !v.is_empty()) {
                None => Ok(None),
                Some(value) => parse_id(value).map(Some).map_err(|reason| invalid(which, reason)),
            }
        };
        Ok(Self {
            password_profile_id: id(param::PASSWORD_PROFILE_ID, LinkParam::PasswordProfileId)?,
            authentication_realm_id: id(param::AUTHENTICATION_REALM_ID, LinkParam::AuthenticationRealmId)?,
            user_authentication_password_profile_info_id: id(
                param::USER_AUTHENTICATION_PASSWORD_PROFILE_INFO_ID,
                LinkParam::UserAuthenticationPasswordProfileInfoId,
            )?,
        })
    }

    /// When configuration pins a realm or a password profile, a link naming a different one is invalid
    /// (it was made for another store or tampered with). Ids absent from the link or the config pass.
    pub fn check_pins(
        &self,
        realm: Option<&ResourceId>,
        profile: Option<&ResourceId>,
    ) -> Result<(), ResetLinkError> {
        let conflicts = |ours: Option<&ResourceId>, theirs: &Option<ResourceId>| match (ours, theirs) {
            (Some(ours), Some(theirs)) => !ours.same_as(theirs),
            _ => false,
        };
        if conflicts(realm, &self.authentication_realm_id) {
            return Err(invalid(LinkParam::AuthenticationRealmId, InvalidReason::ConflictsWithConfig));
        }
        if conflicts(profile, &self.password_profile_id) {
            return Err(invalid(LinkParam::PasswordProfileId, InvalidReason::ConflictsWithConfig));
        }
        Ok(())
    }
}

/// The `username` of a link, if it carries a usable one, to prefill a form even when the rest of the
/// link is broken (typed-code path, forgot-password `?username=`).
pub fn username_hint(query: &str, fragment: &str) -> Option<String> {
    let pairs = Pairs::read(query, fragment);
    let username = pairs.get(param::USERNAME).filter(|u| !u.trim().is_empty())?;
    check_link_username(username).ok()?;
    Some(username.to_owned())
}

/// The link's `locale` (the language its e-mail was written in), as given; [`crate::locale::negotiate`]
/// decides whether it names a catalogue.
pub fn link_locale(query: &str, fragment: &str) -> Option<String> {
    Pairs::read(query, fragment).get(param::LOCALE).map(str::to_owned)
}

/// Whether the address carries a non-empty one-time code (`token`), usable or not: what makes
/// `view="auto"` open the change-password view.
pub fn carries_code(query: &str, fragment: &str) -> bool {
    Pairs::read(query, fragment).get(param::TOKEN).is_some_and(|token| !token.trim().is_empty())
}

/// Checks a one-time password from a link or typed by the shopper: surrounding whitespace trimmed, then
/// [`OTP_MIN_LEN`]..=[`OTP_MAX_LEN`] characters of `[A-Za-z0-9_-]`. Elastic Path does not specify the
/// format (its example is `lprvj4`), so this is lenient but bounded.
pub fn parse_one_time_code(text: &str) -> Result<Secret<String>, InvalidReason> {
    let code = text.trim();
    let len = code.chars().count();
    if len == 0 {
        Err(InvalidReason::Missing)
    } else if len > OTP_MAX_LEN {
        Err(InvalidReason::TooLong)
    } else if !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        Err(InvalidReason::BadCharacters)
    } else if len < OTP_MIN_LEN {
        Err(InvalidReason::TooShort)
    } else {
        Ok(Secret::new(code.to_owned()))
    }
}

fn check_link_username(username: &str) -> Result<(), InvalidReason> {
    if username.chars().count() > crate::username::MAX_LEN {
        Err(InvalidReason::TooLong)
    } else if username.chars().any(|c| c.is_control() || c == char::REPLACEMENT_CHARACTER) {
        Err(InvalidReason::BadCharacters)
    } else {
        Ok(())
    }
}

fn parse_id(value: &str) -> Result<ResourceId, InvalidReason> {
    if value.chars().count() > crate::resource_id::MAX_LEN {
        return Err(InvalidReason::TooLong);
    }
    ResourceId::parse(value).ok_or(InvalidReason::BadCharacters)
}

fn invalid(param: LinkParam, reason: InvalidReason) -> ResetLinkError {
    ResetLinkError::Invalid { param, reason }
}

/// Decoded pairs, fragment first, then query.
struct Pairs(Vec<(String, String)>);

impl Pairs {
    fn read(query: &str, fragment: &str) -> Self {
        let mut pairs = parse_pairs(fragment);
        pairs.extend(parse_pairs(query));
        Self(pairs)
    }

    /// The first value of `name`, empty or not.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

#[cfg(test)]
mod tests;
