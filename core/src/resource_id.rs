//! [`ResourceId`]: an Elastic Path id that is safe to put into a URL path.

use std::fmt;

/// Longest accepted id, in characters. Elastic Path ids are 36-character UUIDs.
pub const MAX_LEN: usize = 64;

/// An Elastic Path resource id (realm, password profile, user authentication info, …).
///
/// Only `[A-Za-z0-9-]`, 1 to [`MAX_LEN`] characters: every id ends up as a URL path segment, so an id
/// from a link, a token claim or a response body can never add a `/`, `?`, `#` or `..` to a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceId(String);

impl ResourceId {
    /// Accepts `value` if it is a well-formed id; no trimming, no repair.
    pub fn parse(value: &str) -> Option<Self> {
        let well_formed = !value.is_empty()
            && value.len() <= MAX_LEN
            && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        well_formed.then(|| Self(value.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether two ids name the same resource (UUIDs compare case-insensitively).
    pub fn same_as(&self, other: &ResourceId) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl fmt::Display for ResourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuids_and_simple_ids() {
        for ok in ["063623f1-0b8a-4a5e-9c3e-1f0e8d1f7a11", "a", "ABC-123", &"a".repeat(64)] {
            assert_eq!(ResourceId::parse(ok).map(|id| id.as_str().to_owned()).as_deref(), Some(ok));
        }
    }

    #[test]
    fn rejects_anything_that_could_change_a_path() {
        for bad in [
            "",
            " a",
            "a ",
            "a/b",
            "..",
            "a?b",
            "a#b",
            "a%2Fb",
            "a\\b",
            "ä",
            "a_b",
            "a.b",
            "a\n",
            &"a".repeat(65),
        ] {
            assert!(ResourceId::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn same_as_ignores_ascii_case() {
        let lower = ResourceId::parse("abc-def");
        let upper = ResourceId::parse("ABC-DEF");
        assert!(matches!((lower, upper), (Some(a), Some(b)) if a.same_as(&b)));
    }
}
