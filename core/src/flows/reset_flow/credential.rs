//! Which of the member's credentials the reset changes, when the link does not name it.
//!
//! A member may hold several credentials, even several in one password profile (Elastic Path's docs list
//! two with the same profile). The rule, among the entries of the reset's password profile:
//! 1. the one whose `username` equals the link's exactly;
//! 2. else the one that equals it ignoring case (Unicode lower case). E-mail addresses are
//!    case-insensitive in practice and Elastic Path's own storefronts lower-case them, so a link may say
//!    `ada@example.org` for a credential stored as `Ada@Example.org`. Exact matches go first, so case
//!    decides between two usernames only when neither matches exactly;
//! 3. else the profile's only entry, whatever its username.
//!
//! Two candidates at the deciding step, several entries none of which matches, or a chosen entry without
//! a usable id: no choice, and nothing is changed on a guess.

use crate::api::dto::{PasswordProfileInfo, PasswordProfileInfoList};
use crate::resource_id::ResourceId;
use crate::unicode::Unicode;

/// The credential to update, with the username to send back unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The user-authentication-password-profile-info id.
    pub id: ResourceId,
    /// Its username as the store lists it (the link's when the list names none), so the update never
    /// rewrites it, not even its case.
    pub username: String,
}

/// The credential of `profile` for `username` in `list`, by the module's rule.
pub fn choose(
    list: &PasswordProfileInfoList,
    profile: &ResourceId,
    username: &str,
    unicode: Unicode,
) -> Option<Credential> {
    let in_profile: Vec<&PasswordProfileInfo> = list
        .data
        .iter()
        .filter(|info| {
            info.password_profile_id
                .as_deref()
                .and_then(ResourceId::parse)
                .is_some_and(|id| id.same_as(profile))
        })
        .collect();
    let folded = unicode.lowercase(username);
    let candidates = || in_profile.iter().copied();
    let chosen = only(candidates().filter(|info| listed(info) == Some(username)))
        .or_else(|| {
            only(candidates().filter(|info| listed(info).is_some_and(|n| unicode.lowercase(n) == folded)))
        })
        .or_else(|| only(candidates()))?;
    Some(Credential {
        id: chosen.id.as_deref().and_then(ResourceId::parse)?,
        username: listed(chosen).unwrap_or(username).to_owned(),
    })
}

/// The entry's username, unless missing or empty.
fn listed(info: &PasswordProfileInfo) -> Option<&str> {
    info.username.as_deref().filter(|name| !name.is_empty())
}

/// The single item, or `None` for none or several.
fn only<'a>(mut items: impl Iterator<Item = &'a PasswordProfileInfo>) -> Option<&'a PasswordProfileInfo> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::flows::fake_api::{body, id};

    const ADA: &str = "ada@example.org";

    fn list(data: Value) -> PasswordProfileInfoList {
        body(json!({ "data": data }))
    }

    fn entry(id: &str, username: &str, profile: &str) -> Value {
        json!({"id": id, "type": "user_authentication_password_profile_info", "username": username,
               "password_profile_id": profile})
    }

    fn chosen(data: Value, username: &str) -> Option<(String, String)> {
        choose(&list(data), &id("prof-1"), username, Unicode::STD).map(|c| (c.id.to_string(), c.username))
    }

    #[test]
    fn the_username_picks_among_duplicates_listed_wrong_one_first() {
        let data = json!([
            entry("old", "old.ada@example.org", "prof-1"),
            entry("elsewhere", ADA, "prof-2"),
            entry("real", ADA, "PROF-1"),
        ]);
        assert_eq!(chosen(data, ADA), Some(("real".into(), ADA.into())));
    }

    #[test]
    fn case_decides_only_without_an_exact_match_and_the_listed_spelling_is_kept() {
        let data = json!([
            entry("old", "Old.Ada@Example.org", "prof-1"),
            entry("real", "Ada@Example.org", "prof-1")
        ]);
        assert_eq!(chosen(data, ADA), Some(("real".into(), "Ada@Example.org".into())));

        let both = json!([entry("upper", "Ada@Example.org", "prof-1"), entry("exact", ADA, "prof-1")]);
        assert_eq!(chosen(both, ADA), Some(("exact".into(), ADA.into())));

        let two_folded =
            json!([entry("a", "ADA@example.org", "prof-1"), entry("b", "Ada@Example.org", "prof-1")]);
        assert_eq!(chosen(two_folded, ADA), None);
    }

    #[test]
    fn the_profiles_only_entry_is_used_whatever_its_username() {
        let data =
            json!([entry("other-profile", ADA, "prof-2"), entry("only", "renamed@example.org", "prof-1")]);
        assert_eq!(chosen(data, ADA), Some(("only".into(), "renamed@example.org".into())));
        let unnamed = json!([{"id": "only", "password_profile_id": "prof-1", "username": null}]);
        assert_eq!(chosen(unnamed, ADA), Some(("only".into(), ADA.into())));
    }

    #[test]
    fn several_in_the_profile_and_none_matching_is_no_choice() {
        let data = json!([
            entry("a", "old.ada@example.org", "prof-1"),
            entry("b", "older.ada@example.org", "prof-1")
        ]);
        assert_eq!(chosen(data, ADA), None);
        let same_name_twice = json!([entry("a", ADA, "prof-1"), entry("b", ADA, "prof-1")]);
        assert_eq!(chosen(same_name_twice, ADA), None);
    }

    #[test]
    fn no_entry_of_the_profile_or_no_usable_id_is_no_choice() {
        assert_eq!(chosen(json!([entry("x", ADA, "prof-2")]), ADA), None);
        assert_eq!(chosen(json!([]), ADA), None);
        assert_eq!(chosen(Value::Null, ADA), None);
        assert_eq!(chosen(json!([entry("bad/id", ADA, "prof-1")]), ADA), None);
        // An entry whose id is unreadable still counts, so the other one is not taken for "the only one".
        let odd = json!([{"id": 7, "username": "old.ada@example.org", "password_profile_id": "prof-1"},
                         entry("b", "older.ada@example.org", "prof-1")]);
        assert_eq!(chosen(odd, ADA), None);
    }

    #[test]
    fn unknown_fields_and_odd_types_in_entries_are_ignored() {
        let data = json!([
            null,
            "x",
            {"id": "old", "type": 5, "username": ["old"], "password_profile_id": "prof-1", "meta": null},
            {"id": "real", "type": null, "username": ADA, "password_profile_id": "prof-1",
             "meta": {"created_at": 1}, "links": "self"}
        ]);
        assert_eq!(chosen(data, ADA), Some(("real".into(), ADA.into())));
    }
}
