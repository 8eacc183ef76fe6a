//! Authenticating Elastic Path: the `X-MOLTIN-SECRET-KEY` header against `EP_RESET_WEBHOOK_SECRET`,
//! compared in constant time.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::secret::Secret;

/// The header Elastic Path sends the integration's `configuration.secret_key` in.
pub const HEADER: &str = "x-moltin-secret-key";

/// The expected secret, kept only as its SHA-256 digest.
pub struct WebhookSecret {
    digest: [u8; 32],
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(***)")
    }
}

fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

impl WebhookSecret {
    /// The secret to expect (not empty: the caller refuses an empty one).
    pub fn new(secret: &Secret) -> Self {
        Self { digest: digest(secret.expose().as_bytes()) }
    }

    /// Whether `presented` (the header's raw value, `None` when absent) is the secret. Comparing digests
    /// in constant time means neither the content nor the length of the secret leaks through timing.
    pub fn matches(&self, presented: Option<&[u8]>) -> bool {
        let Some(presented) = presented else { return false };
        bool::from(digest(presented).ct_eq(&self.digest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> WebhookSecret {
        WebhookSecret::new(&Secret::new("s3cr3t-value".to_string()))
    }

    #[test]
    fn the_right_secret_matches() {
        assert!(secret().matches(Some(b"s3cr3t-value")));
    }

    #[test]
    fn anything_else_does_not() {
        let secret = secret();
        for wrong in [&b""[..], b"s3cr3t-valu", b"s3cr3t-value ", b"S3CR3T-VALUE", b"s3cr3t-value\0", b"x"] {
            assert!(!secret.matches(Some(wrong)), "{wrong:?}");
        }
        assert!(!secret.matches(None), "a missing header");
    }

    #[test]
    fn debug_shows_nothing_of_it() {
        let shown = format!("{:?}", secret());
        assert!(!shown.contains("s3cr3t"));
        assert_eq!(shown, "WebhookSecret(***)");
    }
}
