//! How the change-password page starts, from the address it was opened with.

use crate::reset_link::{LinkIds, ResetLink, ResetLinkError, username_hint};
use crate::resource_id::ResourceId;

/// How the page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// A usable link: the shopper only chooses a password.
    Link(ResetLink),
    /// No usable link: the shopper types the code (and the username, unless the link gave it).
    Typed {
        /// The username, when the link carried a usable one.
        username: Option<String>,
        /// Ids the address still carries (none if they were broken or conflict with configuration).
        ids: LinkIds,
        /// Whether there was a link that could not be used (rather than none at all, e.g. after a reload).
        broken: bool,
    },
}

impl Start {
    /// Reads the address's `query` and `fragment` (the link's parameters may be in either). A link that
    /// names another realm or profile than the configured ones (`realm`, `profile`) is not usable. Sends
    /// nothing: the code is used only when the shopper submits.
    pub fn from_address(
        query: &str,
        fragment: &str,
        realm: Option<&ResourceId>,
        profile: Option<&ResourceId>,
    ) -> Self {
        let link =
            ResetLink::parse(query, fragment).and_then(|link| link.check_pins(realm, profile).map(|()| link));
        match link {
            Ok(link) => Start::Link(link),
            Err(error) => Start::Typed {
                username: username_hint(query, fragment),
                ids: LinkIds::parse(query, fragment)
                    .ok()
                    .filter(|ids| ids.check_pins(realm, profile).is_ok())
                    .unwrap_or_default(),
                broken: error != ResetLinkError::Missing,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::fake_api::id;

    #[test]
    fn a_usable_link_in_the_query_or_the_fragment() {
        for (query, fragment) in
            [("?username=ada%40x.org&token=abc123", ""), ("", "#username=ada%40x.org&token=abc123")]
        {
            let start = Start::from_address(query, fragment, None, None);
            assert!(matches!(&start, Start::Link(link) if link.username == "ada@x.org"), "{start:?}");
        }
    }

    #[test]
    fn no_link_is_not_a_broken_link() {
        assert_eq!(
            Start::from_address("?utm_source=mail", "", None, None),
            Start::Typed { username: None, ids: LinkIds::default(), broken: false }
        );
    }

    #[test]
    fn a_broken_link_keeps_a_usable_username_and_ids() {
        let start =
            Start::from_address("?username=ada%40x.org&token=%3C&password_profile_id=p-1", "", None, None);
        let Start::Typed { username, ids, broken } = start else { panic!("{start:?}") };
        assert_eq!(username.as_deref(), Some("ada@x.org"));
        assert_eq!(ids.password_profile_id, Some(id("p-1")));
        assert!(broken);
    }

    #[test]
    fn a_link_for_another_store_is_not_usable_and_its_ids_are_dropped() {
        let query = "?username=ada%40x.org&token=abc123&password_profile_id=theirs";
        let start = Start::from_address(query, "", None, Some(&id("ours")));
        assert_eq!(
            start,
            Start::Typed { username: Some("ada@x.org".into()), ids: LinkIds::default(), broken: true }
        );
        assert!(matches!(Start::from_address(query, "", None, Some(&id("THEIRS"))), Start::Link(_)));
    }
}
