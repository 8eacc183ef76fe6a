//! Field readers for response bodies that must not fail on a field the flows can do without.
//!
//! Elastic Path's sources disagree on types (`expires` a number or a string, `null` for an empty list, JWT
//! claims as numbers or ISO strings), and a store may add fields at any time. A response is refused only
//! when something the flows need is missing; everything else reads as absent.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An optional field: absent (with `#[serde(default)]`), `null`, or of another type than `T`, it reads as
/// `None`.
pub fn optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(serde_json::from_value(Value::deserialize(deserializer)?).ok())
}

/// A list field: an array keeps the entries that read as `T`, a single object counts as a one-entry list,
/// and `null` or anything else is an empty list.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let entries = match Value::deserialize(deserializer)? {
        Value::Array(entries) => entries,
        entry @ Value::Object(_) => vec![entry],
        _ => Vec::new(),
    };
    Ok(entries.into_iter().filter_map(|entry| serde_json::from_value(entry).ok()).collect())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "optional")]
        number: Option<u64>,
        #[serde(default, deserialize_with = "list")]
        names: Vec<String>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).expect("reads")
    }

    #[test]
    fn optional_fields_of_another_type_read_as_absent() {
        assert_eq!(probe(r#"{"number":7}"#).number, Some(7));
        for odd in
            [r#"{}"#, r#"{"number":null}"#, r#"{"number":"7"}"#, r#"{"number":-1}"#, r#"{"number":{}}"#]
        {
            assert_eq!(probe(odd).number, None, "{odd}");
        }
    }

    #[test]
    fn lists_keep_their_readable_entries() {
        assert_eq!(probe(r#"{"names":["a",1,null,"b"]}"#).names, ["a", "b"]);
        assert!(probe(r#"{"names":null}"#).names.is_empty());
        assert!(probe(r#"{"names":"a"}"#).names.is_empty());
        assert!(probe(r#"{}"#).names.is_empty());
    }
}
