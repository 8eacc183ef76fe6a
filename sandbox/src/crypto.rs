//! Random values and password hashing.

use rand::Rng;
use sha2::{Digest, Sha256};

/// A salted SHA-256 password hash (cheap on purpose: it is a sandbox and tests log in often).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(***)")
    }
}

impl PasswordHash {
    /// Hashes `password` with a fresh random salt.
    pub fn new(password: &str) -> Self {
        let salt: [u8; 16] = rand::rng().random();
        Self { salt, digest: digest(&salt, password) }
    }

    /// Whether `password` is the hashed password.
    pub fn verify(&self, password: &str) -> bool {
        let candidate = digest(&self.salt, password);
        // Compare without an early exit.
        candidate.iter().zip(self.digest.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

fn digest(salt: &[u8], password: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(password.as_bytes());
    hasher.finalize().into()
}

/// A random string of `len` characters from `[a-z0-9]`.
pub fn random_alphanumeric(len: usize) -> String {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..len).map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())])).collect()
}

/// A random lower-case hex string of `bytes * 2` characters.
pub fn random_hex(bytes: usize) -> String {
    let mut rng = rand::rng();
    (0..bytes).map(|_| format!("{:02x}", rng.random::<u8>())).collect()
}

/// A new random UUID (v4) as a string.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_the_right_password() {
        let hash = PasswordHash::new("correct horse");
        assert!(hash.verify("correct horse"));
        assert!(!hash.verify("correct horse "));
        assert_ne!(hash, PasswordHash::new("correct horse"), "salted");
        assert_eq!(format!("{hash:?}"), "PasswordHash(***)");
    }

    #[test]
    fn otp_alphabet() {
        let code = random_alphanumeric(6);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        assert_eq!(random_hex(20).len(), 40);
    }
}
