//! Unicode lower case, handed in by whoever runs the core.
//!
//! E-mail usernames are sent lower-cased, and the credential match and the password's username and
//! common-list checks compare ignoring case, all by Unicode's full lower-case mapping. Rust's
//! `str::to_lowercase` brings its own case tables into the WASM, while the browser already has the same
//! mapping (`String.prototype.toLowerCase`). So, like the clock, the mapping is an input: the app hands
//! in the browser's, host code and tests use [`Lowercase::STD`].

use std::fmt;

/// A lower-casing function: Unicode's default full case mapping, as `str::to_lowercase` (final sigma
/// included).
#[derive(Clone, Copy)]
pub struct Lowercase(fn(&str) -> String);

impl Lowercase {
    /// Rust's own mapping, for host code and tests (in a WASM it brings the case tables along).
    pub const STD: Self = Self(str::to_lowercase);

    /// The mapping `f`, which must agree with `str::to_lowercase`.
    pub const fn new(f: fn(&str) -> String) -> Self {
        Self(f)
    }

    /// `text` in lower case.
    pub fn of(self, text: &str) -> String {
        (self.0)(text)
    }
}

impl fmt::Debug for Lowercase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Lowercase")
    }
}
