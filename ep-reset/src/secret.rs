//! A secret value (client secret, webhook secret, generated password) that never prints.

use std::fmt;

/// Holds a secret. `Debug` shows `***` and there is no `Display`, so it cannot reach output by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that sends it (a form field, a JSON body).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret replaced by `***` (a last line of defence for messages
    /// that quote a store's answer).
    pub fn redact(&self, text: &str) -> String {
        if self.0.is_empty() { text.to_string() } else { text.replace(&self.0, "***") }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn redacts_every_occurrence() {
        let secret = Secret::new("s3cr3t");
        assert_eq!(secret.redact("a s3cr3t b s3cr3t"), "a *** b ***");
        assert_eq!(Secret::new("").redact("text"), "text");
    }

    #[test]
    fn debug_hides_the_value() {
        let shown = format!("{:?}", Secret::new("s3cr3t"));
        assert!(!shown.contains("s3cr3t"));
    }
}
