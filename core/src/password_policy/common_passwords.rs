//! The common-password blocklist, built at run time from a text asset the app fetches.

use std::fmt;

use crate::unicode::Unicode;

/// A set of common passwords, compared case-insensitively against the whole password.
/// `Debug` shows only the size (the list is long).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct CommonPasswords {
    // Lower-cased, in the text's order. A lookup compares against each entry (most differ in length,
    // so this is microseconds for the shipped list, per keystroke): no sorting or hashing code in the
    // WASM, and memory close to the text's size.
    entries: Vec<Box<str>>,
}

impl CommonPasswords {
    /// Builds the set from newline-separated text (`\n` or `\r\n`). Each line is one password; lines are
    /// trimmed of surrounding whitespace (list files are not passwords, and padding there is noise) and
    /// empty lines skipped.
    pub fn parse(text: &str, unicode: Unicode) -> Self {
        // Lower-casing the whole text equals lower-casing each line (the one rule that looks at
        // neighbours, final sigma, stops at a line break), and costs the app one call to the browser.
        let lowered = unicode.lowercase(text);
        let entries = lowered.lines().map(str::trim).filter(|line| !line.is_empty()).map(Box::from).collect();
        Self { entries }
    }

    /// Whether `password` (as typed, compared case-insensitively) is on the list.
    pub fn contains(&self, password: &str, unicode: Unicode) -> bool {
        let lowered = unicode.lowercase(password);
        self.entries.iter().any(|entry| **entry == *lowered)
    }

    /// Number of entries (a line repeated in the text counts each time).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty (e.g. the asset failed to load and an empty one was built).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl fmt::Debug for CommonPasswords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommonPasswords").field("len", &self.entries.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lines_and_matches_case_insensitively() {
        let list = CommonPasswords::parse(
            "password\r\n123456789\n\n  Qwertyuiop  \nPASSWORD\nmünchen2024\n",
            Unicode::STD,
        );
        assert_eq!(list.len(), 5);
        assert!(list.contains("password", Unicode::STD));
        assert!(list.contains("PassWord", Unicode::STD));
        assert!(list.contains("qwertyuiop", Unicode::STD));
        assert!(list.contains("MÜNCHEN2024", Unicode::STD));
        assert!(!list.contains("password1", Unicode::STD));
        assert!(!list.contains(" password", Unicode::STD));
        assert!(!list.contains("", Unicode::STD));
    }

    #[test]
    fn only_whole_entries_match() {
        let list = CommonPasswords::parse("password\nqwertyuiop\n", Unicode::STD);
        for part in ["passwor", "assword", "password\nqwertyuiop", "password\n", " password"] {
            assert!(!list.contains(part, Unicode::STD), "{part:?}");
        }
        assert!(list.contains("qwertyuiop", Unicode::STD));
    }

    #[test]
    fn debug_shows_only_the_size() {
        assert_eq!(
            format!("{:?}", CommonPasswords::parse("a\nb", Unicode::STD)),
            "CommonPasswords { len: 2 }"
        );
    }

    #[test]
    fn empty_list() {
        let list = CommonPasswords::parse("", Unicode::STD);
        assert!(list.is_empty());
        assert!(!list.contains("password", Unicode::STD));
    }

    #[test]
    fn ten_thousand_entries() {
        let text: String = (0..10_000).map(|i| format!("pw{i:05}\n")).collect();
        let list = CommonPasswords::parse(&text, Unicode::STD);
        assert_eq!(list.len(), 10_000);
        assert!(list.contains("PW09999", Unicode::STD));
        assert!(!list.contains("pw10000", Unicode::STD));
    }
}
