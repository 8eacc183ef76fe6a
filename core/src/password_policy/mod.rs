//! The new-password rules, checked live while the shopper types and again before anything is sent.
//!
//! - Length is counted in Unicode code points (`chars().count()`), never bytes or UTF-16 units.
//! - Minimum configurable, default and floor [`PasswordPolicy::FLOOR`] = 8 (Elastic Path's floor), and
//!   never below the password profile's `min_length` when the store names one
//!   ([`PasswordPolicy::for_store`]).
//! - Maximum [`PasswordPolicy::DEFAULT_MAX_LEN`] = 256 code points (at most 1,024 UTF-8 bytes, the
//!   sandbox's and a sane server's limit); never below [`PasswordPolicy::MAX_LEN_FLOOR`] = 64.
//! - No composition rules; every character allowed.
//! - The password is never trimmed, case-folded or normalised: what is checked is what is sent.
//! - Not equal (case-insensitively) to the username or its e-mail local part, nor to either followed
//!   only by digits/symbols (`John.Doe2024!`).
//! - Not on the common-password list (case-insensitive, whole password): the built-in short list always,
//!   the full list once loaded.
//! - Equal to its confirmation.

mod common_passwords;
mod strength;

pub use common_passwords::{
    BUILT_IN, CommonCheck, CommonPasswords, ListProblem, built_in_len, retry_delay_ms,
};
pub use strength::{Strength, estimate_bits};

use std::fmt;

use crate::secret::{REDACTED, Secret};
use crate::unicode::Unicode;

/// Length limits of new passwords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    min_len: usize,
    max_len: usize,
}

/// What the shopper typed, plus the context the rules need. `Debug` redacts both password fields.
#[derive(Clone, Copy)]
pub struct PasswordInput<'a> {
    /// The new password, exactly as typed.
    pub password: &'a str,
    /// The confirmation field, exactly as typed.
    pub confirmation: &'a str,
    /// The account's username (for the "not your username" rule).
    pub username: &'a str,
    /// What the common-password rule can check against.
    pub common: CommonCheck<'a>,
    /// Unicode data, to compare ignoring case and to find letters.
    pub unicode: Unicode,
}

impl fmt::Debug for PasswordInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordInput")
            .field("password", &REDACTED)
            .field("confirmation", &REDACTED)
            .field("username", &self.username)
            .field("common", &self.common)
            .finish()
    }
}

/// One line of the live checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// At least [`PasswordPolicy::min_len`] characters.
    MinLength,
    /// At most [`PasswordPolicy::max_len`] characters.
    MaxLength,
    /// Not the username or its e-mail local part.
    NotUsername,
    /// Not a common password.
    NotCommon,
    /// Matches the confirmation.
    MatchesConfirmation,
    /// Not seen in a data breach: known only once the opt-in breach check ran at a submit (see
    /// [`crate::breach`]), so it is not among [`PolicyReport::requirements`].
    NotBreached,
}

/// Whether a requirement is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckState {
    Met,
    Unmet,
    /// Cannot be told yet (the common-password list has not loaded).
    Unknown,
    /// Met as far as could be checked: the password is not on the built-in short list, and the full
    /// common-password list could not be loaded.
    PartlyChecked,
}

/// The result of [`PasswordPolicy::evaluate`]: one state per requirement, and a strength hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyReport {
    /// Length of the password in code points.
    pub length: usize,
    /// [`Requirement::MinLength`].
    pub min_length: CheckState,
    /// [`Requirement::MaxLength`].
    pub max_length: CheckState,
    /// [`Requirement::NotUsername`].
    pub not_username: CheckState,
    /// [`Requirement::NotCommon`].
    pub not_common: CheckState,
    /// [`Requirement::MatchesConfirmation`].
    pub matches_confirmation: CheckState,
    /// The strength hint.
    pub strength: Strength,
}

impl PolicyReport {
    /// Every requirement with its state, in checklist order.
    pub fn requirements(&self) -> [(Requirement, CheckState); 5] {
        [
            (Requirement::MinLength, self.min_length),
            (Requirement::MaxLength, self.max_length),
            (Requirement::NotUsername, self.not_username),
            (Requirement::NotCommon, self.not_common),
            (Requirement::MatchesConfirmation, self.matches_confirmation),
        ]
    }

    /// The first unmet requirement: what to tell the shopper to fix.
    pub fn first_unmet(&self) -> Option<Requirement> {
        self.requirements().into_iter().find(|(_, state)| *state == CheckState::Unmet).map(|(r, _)| r)
    }

    /// Whether the password may be sent: nothing unmet. An [`CheckState::Unknown`] or
    /// [`CheckState::PartlyChecked`] common-list check does not block (a failed asset load must not make
    /// resets impossible; the built-in short list has been checked either way).
    pub fn is_acceptable(&self) -> bool {
        self.first_unmet().is_none()
    }
}

/// A password that passed the policy: the only thing the reset flow accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPassword(Secret<String>);

impl NewPassword {
    /// The password, exactly as typed.
    pub fn secret(&self) -> &Secret<String> {
        &self.0
    }
}

impl PasswordPolicy {
    /// Lowest allowed minimum (Elastic Path rejects shorter passwords).
    pub const FLOOR: usize = 8;
    /// Default maximum, in code points.
    pub const DEFAULT_MAX_LEN: usize = 256;
    /// Lowest allowed maximum (NIST: accept at least 64).
    pub const MAX_LEN_FLOOR: usize = 64;
    /// The policy for a store: the configured minimum, raised to the password profile's `min_length`
    /// when the store names one (at least [`Self::FLOOR`], at most the maximum length: a store demanding
    /// more than the page accepts at all gets the maximum, and its own refusal asks for another password).
    pub fn for_store(configured_min_len: usize, profile_min_length: Option<u32>) -> Self {
        let profile =
            profile_min_length.map_or(Self::FLOOR, |min| usize::try_from(min).unwrap_or(usize::MAX));
        Self::new(configured_min_len.max(profile))
    }

    /// A policy with minimum `min_len` (raised to [`Self::FLOOR`], lowered to the maximum) and the
    /// default maximum.
    pub fn new(min_len: usize) -> Self {
        Self::default().with_min_len(min_len)
    }

    /// The same policy with minimum `min_len`, clamped to [`Self::FLOOR`]..=max.
    pub fn with_min_len(self, min_len: usize) -> Self {
        Self { min_len: min_len.clamp(Self::FLOOR, self.max_len), ..self }
    }

    /// The same policy with maximum `max_len`, raised to [`Self::MAX_LEN_FLOOR`] and to the minimum.
    pub fn with_max_len(self, max_len: usize) -> Self {
        Self { max_len: max_len.max(Self::MAX_LEN_FLOOR).max(self.min_len), ..self }
    }

    /// Minimum length in code points.
    pub fn min_len(&self) -> usize {
        self.min_len
    }

    /// Maximum length in code points.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// The `passwordrules` attribute value, e.g. `minlength: 8; maxlength: 256;` (no character-class
    /// rules: any character is allowed).
    pub fn passwordrules(&self) -> String {
        format!("minlength: {}; maxlength: {};", self.min_len, self.max_len)
    }

    /// Checks every requirement (for the live checklist).
    pub fn evaluate(&self, input: &PasswordInput<'_>) -> PolicyReport {
        let length = input.password.chars().count();
        let state = |met: bool| if met { CheckState::Met } else { CheckState::Unmet };
        let is_username = matches_username(input.password, input.username, input.unicode);
        let not_common = match input.common {
            _ if common_passwords::is_built_in(input.password, input.unicode) => CheckState::Unmet,
            CommonCheck::Full(list) => state(!list.contains(input.password, input.unicode)),
            CommonCheck::Loading => CheckState::Unknown,
            CommonCheck::BuiltInOnly => CheckState::PartlyChecked,
        };
        let strength = if length < self.min_len || is_username || not_common == CheckState::Unmet {
            Strength::Weak
        } else {
            strength::from_bits(estimate_bits(input.password))
        };
        PolicyReport {
            length,
            min_length: state(length >= self.min_len),
            max_length: state(length <= self.max_len),
            not_username: state(!is_username),
            not_common,
            matches_confirmation: state(input.password == input.confirmation),
            strength,
        }
    }

    /// The password, if acceptable; otherwise the report saying why not. No request may be sent on `Err`.
    pub fn accept(&self, input: &PasswordInput<'_>) -> Result<NewPassword, PolicyReport> {
        let report = self.evaluate(input);
        if report.is_acceptable() {
            Ok(NewPassword(Secret::new(input.password.to_owned())))
        } else {
            Err(report)
        }
    }
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self { min_len: Self::FLOOR, max_len: Self::DEFAULT_MAX_LEN }
    }
}

/// Whether `password` is the username or its local part, possibly followed only by non-letters.
fn matches_username(password: &str, username: &str, unicode: Unicode) -> bool {
    let password = unicode.lowercase(password);
    let username = unicode.lowercase(username.trim());
    let local_part = username.rsplit_once('@').map(|(local, _)| local);
    [Some(username.as_str()), local_part]
        .into_iter()
        .flatten()
        .filter(|context| !context.is_empty())
        .any(|context| password.strip_prefix(context).is_some_and(|rest| !unicode.has_letter(rest)))
}

#[cfg(test)]
mod tests;
