//! The one rule for usernames typed by a shopper (forgot-password form, typed-code path).
//!
//! Rule: trim surrounding whitespace; reject control characters and more than [`MAX_LEN`] characters;
//! for profiles whose `username_format` is `email`, lower-case the whole address (Elastic Path's own
//! storefronts do this because of a known upper-case bug) and check its shape lightly: exactly one `@`,
//! something before it, no whitespace, and a domain that has an inner dot or is an internationalised
//! (non-ASCII) name. Nothing more: real validation is the mailbox receiving the e-mail.

use std::fmt;

use crate::unicode::Unicode;

/// Longest username, in characters (the longest e-mail address SMTP allows).
pub const MAX_LEN: usize = 254;

/// A password profile's `username_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UsernameFormat {
    /// An e-mail address.
    Email,
    /// Any text; also what unknown future values fall back to (the least strict rule).
    #[default]
    Any,
}

impl UsernameFormat {
    /// The format a profile's `username_format` value names: `email`, else (`any`, or a value added
    /// later) [`Self::Any`].
    pub fn from_wire(value: &str) -> Self {
        if value == "email" { Self::Email } else { Self::Any }
    }
}

/// A normalised username, ready to send.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    /// The username as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a typed username cannot be used. No request is sent for any of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsernameError {
    /// Nothing but whitespace.
    Empty,
    /// More than [`MAX_LEN`] characters.
    TooLong,
    /// Contains control characters (including a stray tab or newline inside).
    ControlCharacters,
    /// The profile wants an e-mail address and this does not look like one.
    NotAnEmail,
}

/// Normalises `input` by the module's rule for `format`.
pub fn normalise(input: &str, format: UsernameFormat, unicode: Unicode) -> Result<Username, UsernameError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(UsernameError::Empty);
    }
    if trimmed.chars().count() > MAX_LEN {
        return Err(UsernameError::TooLong);
    }
    if trimmed.chars().any(char::is_control) {
        return Err(UsernameError::ControlCharacters);
    }
    match format {
        UsernameFormat::Any => Ok(Username(trimmed.to_owned())),
        UsernameFormat::Email => {
            let lowered = unicode.lowercase(trimmed);
            if !looks_like_email(&lowered) {
                return Err(UsernameError::NotAnEmail);
            }
            // Lower-casing can lengthen a few characters (e.g. 'İ'), so check the bound again.
            if lowered.chars().count() > MAX_LEN {
                return Err(UsernameError::TooLong);
            }
            Ok(Username(lowered))
        }
    }
}

/// The light e-mail shape check described in the module docs.
fn looks_like_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    if local.is_empty()
        || domain.is_empty()
        || domain.contains('@')
        || address.chars().any(char::is_whitespace)
    {
        return false;
    }
    let inner_dot = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
    inner_dot || !domain.is_ascii()
}

#[cfg(test)]
mod tests {
    use super::*;

    use UsernameError::*;
    use UsernameFormat::{Any, Email};

    #[test]
    fn email_table() {
        let long_local = "a".repeat(MAX_LEN - "@b.co".len());
        let too_long = format!("{long_local}x@b.co");
        let cases: &[(&str, Result<&str, UsernameError>)] = &[
            (" John.Doe@Banks.com ", Ok("john.doe@banks.com")),
            ("\tjohn@banks.com\n", Ok("john@banks.com")),
            ("JOHN+tag@Sub.Banks.CO.UK", Ok("john+tag@sub.banks.co.uk")),
            ("jörg@bücher.de", Ok("jörg@bücher.de")),
            ("Jörg@BÜCHER.DE", Ok("jörg@bücher.de")),
            ("user@例え", Ok("user@例え")),
            ("user@xn--bcher-kva.de", Ok("user@xn--bcher-kva.de")),
            (&format!("{long_local}@b.co"), Ok(&format!("{long_local}@b.co"))),
            (&too_long, Err(TooLong)),
            ("", Err(Empty)),
            ("   ", Err(Empty)),
            ("john", Err(NotAnEmail)),
            ("@banks.com", Err(NotAnEmail)),
            ("john@", Err(NotAnEmail)),
            ("john@localhost", Err(NotAnEmail)),
            ("john@@banks.com", Err(NotAnEmail)),
            ("a@b@banks.com", Err(NotAnEmail)),
            ("john doe@banks.com", Err(NotAnEmail)),
            ("john@.com", Err(NotAnEmail)),
            ("john@banks.", Err(NotAnEmail)),
            ("john@banks.com\u{0}", Err(ControlCharacters)),
            ("jo\nhn@banks.com", Err(ControlCharacters)),
        ];
        for (input, expected) in cases {
            let got = normalise(input, Email, Unicode::STD);
            assert_eq!(got.as_ref().map(Username::as_str).map_err(|e| *e), *expected, "{input:?}");
        }
    }

    #[test]
    fn any_format_trims_but_keeps_case_and_shape() {
        assert_eq!(
            normalise("  John.Doe ", Any, Unicode::STD).map(|u| u.to_string()),
            Ok("John.Doe".to_owned())
        );
        assert_eq!(
            normalise("John Doe@X", Any, Unicode::STD).map(|u| u.to_string()),
            Ok("John Doe@X".to_owned())
        );
        assert_eq!(normalise(&"x".repeat(MAX_LEN + 1), Any, Unicode::STD), Err(TooLong));
        assert_eq!(
            normalise(&"é".repeat(MAX_LEN), Any, Unicode::STD).map(|u| u.as_str().chars().count()),
            Ok(MAX_LEN)
        );
        assert_eq!(normalise("a\u{7f}b", Any, Unicode::STD), Err(ControlCharacters));
        assert_eq!(normalise("\u{3000}", Any, Unicode::STD), Err(Empty));
    }

    #[test]
    fn format_from_the_profile() {
        assert_eq!(UsernameFormat::from_wire("email"), Email);
        assert_eq!(UsernameFormat::from_wire("any"), Any);
        assert_eq!(UsernameFormat::from_wire("phone"), Any);
        assert_eq!(UsernameFormat::from_wire("EMAIL"), Any);
    }
}
