//! The common-password blocklist: [`BUILT_IN`], the most common passwords, always applies; the full list
//! ([`CommonPasswords`], built at run time from a text asset the app fetches) applies once it has
//! loaded and proved to be the list ([`CommonPasswords::from_asset`]). A load that fails is tried again
//! ([`retry_delay_ms`]); meanwhile the checklist says that only the short list was checked
//! ([`CommonCheck::BuiltInOnly`]), never that the password is not a common one.

use std::fmt;

/// The 100 most common passwords of the full list (its first lines, one a line), built into the app so
/// the check never vanishes: whatever happens to the full list, these are refused. (One string rather
/// than an array: a hundred string slices would cost the page more bytes than the words.)
pub const BUILT_IN: &str = "\
password\n12345678\n123456789\nbaseball\nfootball\nqwertyuiop\n1234567890\nsuperman\n1qaz2wsx\n\
jennifer\ntrustno1\nsunshine\niloveyou\ncomputer\nmichelle\nstarwars\nprincess\n11111111\n\
corvette\n1234qwer\ninternet\nsamantha\nq1w2e3r4t5\nmaverick\nwhatever\nmercedes\nsteelers\n\
qwer1234\nhardcore\nq1w2e3r4\nmidnight\nbigdaddy\nvictoria\nmarlboro\npassword1\n1q2w3e4r\n\
cocacola\njordan23\nasdfasdf\ndanielle\n12344321\njonathan\nliverpoo\nqwerty123\npassw0rd\n\
abcd1234\nslipknot\nscorpion\nstartrek\nasdfghjkl\nredskins\nqazwsxedc\nliverpool\nnicholas\n\
butthead\ndolphins\nqwertyui\nshithead\nmetallic\nmountain\nbenjamin\nelephant\nrush2112\n\
1q2w3e4r5t\ncreative\ngarfield\nbullshit\nasdfghjk\n1qazxsw2\ndecember\nairborne\nbrooklyn\n\
godzilla\n4815162342\nwilliams\ndarkness\nblink182\nplatinum\n01012011\n11223344\nlifehack\n\
12qwaszx\nsnowball\nnintendo\nnovember\npakistan\nexplorer\nredwings\n789456123\nlasvegas\n\
guinness\nchristin\nasdf1234\nbabygirl\nmichigan\ncarolina\nalexande\ndickhead\nminecraft\n\
metallica\n";

/// The fewest entries a plausible full list has (the shipped one has 10,000): fewer is a truncated or
/// wrong file, not the list.
pub const MIN_ENTRIES: usize = 1_000;

/// How long to wait before loading the full list again after its `failures`-th failed load, or `None`
/// once it has failed too often (the built-in list then stays the only one for this page).
pub fn retry_delay_ms(failures: u32) -> Option<u64> {
    match failures {
        1 => Some(2_000),
        2 => Some(10_000),
        3 => Some(30_000),
        _ => None,
    }
}

/// Why a loaded asset is not the full list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListProblem {
    /// The server answered this status, not 200.
    Status(u16),
    /// An HTML page (by its `Content-Type` or its first character): a static host's single-page
    /// fallback answering a missing file with `index.html`.
    Html,
    /// Fewer than [`MIN_ENTRIES`] entries.
    TooShort {
        /// How many there were.
        entries: usize,
    },
}

/// What the common-password rule can check against right now.
#[derive(Debug, Clone, Copy, Default)]
pub enum CommonCheck<'a> {
    /// The full list is still loading: a password on neither list is unknown for now.
    #[default]
    Loading,
    /// The full list, loaded.
    Full(&'a CommonPasswords),
    /// The full list could not be loaded (it is being tried again, or no longer): only [`BUILT_IN`].
    BuiltInOnly,
}

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

    /// The full list from a loaded asset: its HTTP `status`, `content_type` and `text`, or why it is not
    /// the list.
    pub fn from_asset(
        status: u16,
        content_type: Option<&str>,
        text: &str,
        unicode: Unicode,
    ) -> Result<Self, ListProblem> {
        if status != 200 {
            return Err(ListProblem::Status(status));
        }
        let html_type = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"));
        if html_type
            || text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').starts_with('<')
        {
            return Err(ListProblem::Html);
        }
        let list = Self::parse(text, unicode);
        if list.len() < MIN_ENTRIES {
            return Err(ListProblem::TooShort { entries: list.len() });
        }
        Ok(list)
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

/// Whether `password` (compared case-insensitively) is one of [`BUILT_IN`].
pub fn is_built_in(password: &str, unicode: Unicode) -> bool {
    let lowered = unicode.lowercase(password);
    BUILT_IN.lines().any(|entry| entry == lowered)
}

/// How many passwords [`BUILT_IN`] holds.
pub fn built_in_len() -> usize {
    BUILT_IN.lines().count()
}

impl fmt::Debug for CommonPasswords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CommonPasswords").field("len", &self.entries.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(status: u16, content_type: Option<&str>, text: &str) -> Result<CommonPasswords, ListProblem> {
        CommonPasswords::from_asset(status, content_type, text, Unicode::STD)
    }

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
    fn an_asset_that_is_not_the_list_is_refused() {
        let list: String = (0..MIN_ENTRIES).map(|i| format!("pw{i:05}\n")).collect();
        assert_eq!(asset(200, Some("text/plain"), &list).map(|l| l.len()), Ok(MIN_ENTRIES));
        let html = "<!doctype html><html><head><title>Shop</title></head><body>...</body></html>";
        let text = Some("text/plain");
        assert_eq!(asset(200, Some("text/html; charset=utf-8"), &list), Err(ListProblem::Html));
        assert_eq!(asset(200, Some("TEXT/HTML"), &list), Err(ListProblem::Html));
        assert_eq!(asset(200, text, html), Err(ListProblem::Html), "mislabelled");
        assert_eq!(asset(200, None, &format!("\n  {html}")), Err(ListProblem::Html));
        assert_eq!(asset(404, text, &list), Err(ListProblem::Status(404)));
        assert_eq!(asset(503, text, ""), Err(ListProblem::Status(503)));
        let truncated: String = BUILT_IN.lines().take(50).map(|l| format!("{l}\n")).collect();
        assert_eq!(asset(200, text, &truncated), Err(ListProblem::TooShort { entries: 50 }));
        assert_eq!(asset(200, text, ""), Err(ListProblem::TooShort { entries: 0 }));
        assert!(asset(200, None, &list).is_ok(), "no Content-Type: the text decides");
    }

    #[test]
    fn a_failed_load_is_tried_three_more_times_then_given_up() {
        let delays: Vec<_> = (1..=5).map(retry_delay_ms).collect();
        assert_eq!(delays, [Some(2_000), Some(10_000), Some(30_000), None, None]);
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
