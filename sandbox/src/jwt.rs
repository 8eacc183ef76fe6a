//! HS256 JSON Web Tokens for the account-management authentication token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The claims of an account-management authentication token (as decoded from EP's example).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AmClaims {
    /// The account member id (equal to the user authentication info id).
    pub sub: String,
    /// The authentication realm.
    pub realm_id: String,
    /// The store.
    pub store_id: String,
    /// The self-management setting when the token was issued: `disabled` or `update_only`.
    pub account_member_self_management: String,
    /// Issued at, epoch seconds (sandbox clock).
    pub iat: i64,
    /// Expires at, epoch seconds (sandbox clock).
    pub exp: i64,
    /// The account the token is for.
    pub scope: String,
    /// Ancestors of the account (always empty here).
    pub ancestors: String,
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not three base64url parts, or not the expected JSON.
    #[error("malformed token")]
    Malformed,
    /// The header's algorithm is not HS256.
    #[error("unsupported algorithm")]
    Algorithm,
    /// The signature does not match.
    #[error("bad signature")]
    Signature,
    /// `exp` is in the past.
    #[error("expired")]
    Expired,
}

/// A per-process random HMAC key (64 bytes, SHA-256's block size).
pub struct JwtKey([u8; 64]);

impl std::fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKey(***)")
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    typ: String,
}

impl JwtKey {
    /// A fresh random key.
    pub fn random() -> Self {
        let mut key = [0u8; 64];
        rand::rng().fill(&mut key[..]);
        Self(key)
    }

    fn mac(&self, signing_input: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new((&self.0).into());
        mac.update(signing_input.as_bytes());
        mac
    }

    /// Signs `claims` as `header.payload.signature`, base64url without padding.
    pub fn sign(&self, claims: &AmClaims) -> String {
        let header = Header { alg: "HS256".into(), typ: "JWT".into() };
        let header = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap_or_default());
        let claims = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
        let signing_input = format!("{header}.{claims}");
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&signing_input).finalize().into_bytes());
        format!("{signing_input}.{signature}")
    }

    /// Checks the signature, the algorithm and the expiry against `now` (epoch seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<AmClaims, JwtError> {
        let (signing_input, signature) = token.rsplit_once('.').ok_or(JwtError::Malformed)?;
        let (header, payload) = signing_input
            .split_once('.')
            .filter(|(_, payload)| !payload.contains('.'))
            .ok_or(JwtError::Malformed)?;
        let decode = |part: &str| URL_SAFE_NO_PAD.decode(part).map_err(|_| JwtError::Malformed);
        let header: Header = serde_json::from_slice(&decode(header)?).map_err(|_| JwtError::Malformed)?;
        if header.alg != "HS256" {
            return Err(JwtError::Algorithm);
        }
        self.mac(signing_input).verify_slice(&decode(signature)?).map_err(|_| JwtError::Signature)?;
        let claims: AmClaims = serde_json::from_slice(&decode(payload)?).map_err(|_| JwtError::Malformed)?;
        if claims.exp <= now {
            return Err(JwtError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> AmClaims {
        AmClaims {
            sub: "m".into(),
            realm_id: "r".into(),
            store_id: "s".into(),
            account_member_self_management: "update_only".into(),
            iat: 0,
            exp,
            scope: "a".into(),
            ancestors: String::new(),
        }
    }

    #[test]
    fn signs_and_verifies() {
        let key = JwtKey::random();
        let token = key.sign(&claims(100));
        assert_eq!(token.split('.').count(), 3);
        assert!(!token.contains('='));
        assert_eq!(key.verify(&token, 99), Ok(claims(100)));
        assert_eq!(key.verify(&token, 100), Err(JwtError::Expired));
        assert_eq!(JwtKey::random().verify(&token, 0), Err(JwtError::Signature));
        assert_eq!(key.verify("a.b", 0), Err(JwtError::Malformed));
        assert_eq!(key.verify("a.b.c", 0), Err(JwtError::Malformed));
    }

    #[test]
    fn tampered_payload_is_refused() {
        let key = JwtKey::random();
        let token = key.sign(&claims(100));
        let other = key.sign(&AmClaims { sub: "someone else".into(), ..claims(100) });
        let forged: Vec<&str> = token.split('.').collect();
        let other_payload = other.split('.').nth(1).unwrap_or_default();
        let forged = format!("{}.{}.{}", forged[0], other_payload, forged[2]);
        assert_eq!(key.verify(&forged, 0), Err(JwtError::Signature));
    }
}
