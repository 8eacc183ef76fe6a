//! [`Secret`]: a value that must never reach a log, a panic message or the screen by accident.

use std::fmt;
use std::sync::Arc;

/// What [`Secret`]'s `Debug` and `Display` print instead of the value.
pub const REDACTED: &str = "***";

/// Wraps a sensitive value (one-time password, password, access token).
///
/// `Debug` and `Display` print [`REDACTED`], so `{:?}` on a struct holding a secret is safe. The value is
/// read only through [`Secret::expose`], which makes every use greppable (request bodies expose it to
/// send it).
///
/// Clones share the one value (a secret is not copied around memory), so [`Secret::holders`] can tell
/// whether anything else still holds it: the proof, in tests, that a token was dropped.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret<T>(Arc<T>);

impl<T> Secret<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Self(Arc::new(value))
    }

    /// Reads the value. Call this only where the value is sent or compared, never to log it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// How many `Secret`s (this one and its clones) hold the value now.
    pub fn holders(&self) -> usize {
        Arc::strong_count(&self.0)
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code)] // only formatted
    struct Holder {
        otp: Secret<String>,
    }

    #[test]
    fn formatting_never_shows_the_value() {
        let secret = Secret::new("lprvj4".to_string());
        for shown in [
            format!("{secret:?}"),
            format!("{secret}"),
            format!("{secret:#?}"),
            format!("{:>20}", secret),
            format!("{:?}", Holder { otp: secret.clone() }),
            format!("{:?}", Some(secret.clone())),
        ] {
            assert!(!shown.contains("lprvj4"), "{shown}");
            assert!(shown.contains(REDACTED), "{shown}");
        }
    }

    #[test]
    fn expose_clone_and_eq() {
        let secret = Secret::from("p4ss word".to_string());
        assert_eq!(secret.expose(), "p4ss word");
        assert_eq!(secret.clone(), secret);
        assert_ne!(secret, Secret::new("other".to_string()));
    }

    #[test]
    fn holders_counts_the_clones_still_alive() {
        let secret = Secret::new("token".to_string());
        assert_eq!(secret.holders(), 1);
        let kept = secret.clone();
        assert_eq!(secret.holders(), 2);
        drop(kept);
        assert_eq!(secret.holders(), 1);
    }
}
