//! Reading the claims of an account-management authentication token (a JWT), without verifying it.
//!
//! The claims are used only as fallbacks for ids (member id, realm) when a response or the link lacks
//! them; Elastic Path checks the signature on every call that uses the token, so a forged token gains
//! nothing here.

use super::base64url;
use super::json::Json;

/// Longest token accepted for decoding; real tokens are well under 2 KiB.
const MAX_TOKEN_LEN: usize = 8 * 1024;

/// The claims this app reads from an account-management token; each is read only when it is a string,
/// whatever the types of the other claims (Elastic Path's own example has ISO-string `exp`/`iat`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AmClaims {
    /// The account member id (equal to the user-authentication-info id).
    pub sub: Option<String>,
    /// The authentication realm (absent from some tokens).
    pub realm_id: Option<String>,
}

/// Decodes the payload (middle part) of `token`. `None` if it is not three dot-separated parts or the
/// payload is not a base64url-encoded JSON object.
pub fn claims(token: &str) -> Option<AmClaims> {
    if token.len() > MAX_TOKEN_LEN {
        return None;
    }
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let json = base64url::decode(payload)?;
    let object = Json::parse(std::str::from_utf8(&json).ok()?).filter(|j| matches!(j, Json::Object(_)))?;
    let text = |name: &str| object.str_at(name).map(str::to_owned);
    Some(AmClaims { sub: text("sub"), realm_id: text("realm_id") })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Base64url without padding, for building test tokens.
    fn encode(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            }
        }
        out
    }

    /// A token with the given JSON payload (header and signature are dummies).
    pub(crate) fn token_with(payload: &str) -> String {
        format!("{}.{}.c2ln", encode(br#"{"alg":"HS256","typ":"JWT"}"#), encode(payload.as_bytes()))
    }

    #[test]
    fn reads_the_documented_example() {
        let token = token_with(
            r#"{"account_member_self_management":"disabled","ancestors":"","exp":1719531924,"iat":1719445524,
                "realm_id":"447b6016-aaaa","scope":"ea9dcf0f","store_id":"45b93fd2","sub":"d5396263-bbbb"}"#,
        );
        assert_eq!(
            claims(&token),
            Some(AmClaims { sub: Some("d5396263-bbbb".into()), realm_id: Some("447b6016-aaaa".into()) })
        );
    }

    #[test]
    fn reads_sub_from_the_spec_example_with_iso_string_times_and_no_realm() {
        let token = token_with(
            r#"{"exp":"2024-06-27T23:45:24.070Z","iat":"2024-06-26T23:45:24.070Z","scope":["a","b"],
                "store_id":{"id":"s"},"account_member_self_management":null,"sub":"d5396263-bbbb"}"#,
        );
        assert_eq!(claims(&token), Some(AmClaims { sub: Some("d5396263-bbbb".into()), realm_id: None }));
    }

    #[test]
    fn a_claim_that_is_not_a_string_is_absent() {
        let token = token_with(r#"{"sub":5,"realm_id":["r"]}"#);
        assert_eq!(claims(&token), Some(AmClaims::default()));
        assert_eq!(
            claims(&token_with(r#"{"sub":null,"realm_id":"r"}"#)).and_then(|c| c.realm_id),
            Some("r".into())
        );
    }

    #[test]
    fn all_claims_optional() {
        assert_eq!(claims(&token_with("{}")), Some(AmClaims::default()));
    }

    #[test]
    fn not_a_jwt() {
        let long = format!("a.{}.c", "A".repeat(MAX_TOKEN_LEN));
        for bad in [
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            "a.!!!.c",
            &token_with("[1,2]"),
            &token_with(r#""sub""#),
            &token_with("not json"),
            &long,
        ] {
            assert_eq!(claims(bad), None, "{bad:?}");
        }
    }
}
