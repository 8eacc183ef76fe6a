//! The Unicode character data the rules need, handed in by whoever runs the core.
//!
//! E-mail usernames are sent lower-cased, the credential match and the password's username and
//! common-list checks compare ignoring case (Unicode's full lower-case mapping), and the username check
//! asks whether what follows the username holds a letter (Unicode's `Alphabetic`). Rust's `str` and
//! `char` methods bring their own tables into the WASM, while the browser already has the same data
//! (`String.prototype.toLowerCase`, `/\p{Alphabetic}/u`). So, like the clock, they are inputs: the app
//! hands in the browser's, host code and tests use [`Unicode::STD`].

use std::fmt;

/// Lower case and letters, by Unicode's rules.
#[derive(Clone, Copy)]
pub struct Unicode {
    lowercase: fn(&str) -> String,
    has_letter: fn(&str) -> bool,
}

impl Unicode {
    /// Rust's own tables, for host code and tests (in a WASM they come along).
    pub const STD: Self = Self::new(str::to_lowercase, has_alphabetic);

    /// `lowercase` must agree with `str::to_lowercase` (the default full mapping, final sigma included),
    /// `has_letter` with "any `char::is_alphabetic`".
    pub const fn new(lowercase: fn(&str) -> String, has_letter: fn(&str) -> bool) -> Self {
        Self { lowercase, has_letter }
    }

    /// `text` in lower case.
    pub fn lowercase(self, text: &str) -> String {
        (self.lowercase)(text)
    }

    /// Whether `text` holds an `Alphabetic` character.
    pub fn has_letter(self, text: &str) -> bool {
        (self.has_letter)(text)
    }
}

fn has_alphabetic(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

impl fmt::Debug for Unicode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unicode")
    }
}
