//! Text from the event that the e-mail shows (the shopper's name, the username): without control,
//! format (bidirectional overrides and isolates, zero-width characters) and line or paragraph separator
//! characters, and capped in length, so a crafted name can neither reorder nor hide what the mail says
//! around it, nor fill the mail.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// The longest name the e-mail shows, in characters.
pub const NAME_MAX: usize = 64;
/// The longest username the e-mail shows, in characters (an e-mail address is at most 254).
pub const USERNAME_MAX: usize = 254;

/// Whether `c` may change how the text around it reads or break a line.
fn is_hidden_or_breaking(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::Unassigned
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
    )
}

/// `raw` for display: format, unassigned and private characters dropped, each run of white space, control
/// or separator characters one space, the ends trimmed, and past `max` characters the rest cut and `…`
/// added.
pub fn clean(raw: &str, max: usize) -> String {
    let mut cleaned = String::new();
    let mut pending_space = false;
    for c in raw.chars() {
        if c.is_whitespace() || c.is_control() || is_breaking(c) {
            // A tab or a line break separates words.
            pending_space = true;
        } else if !is_hidden_or_breaking(c) {
            if pending_space && !cleaned.is_empty() {
                cleaned.push(' ');
            }
            pending_space = false;
            cleaned.push(c);
        }
    }
    if cleaned.chars().count() <= max {
        return cleaned;
    }
    let mut cut: String = cleaned.chars().take(max).collect::<String>().trim_end().to_string();
    cut.push('…');
    cut
}

fn is_breaking(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_and_zero_width_characters_go() {
        assert_eq!(clean("Ada\u{202E}moc.live\u{202C} Lovelace", 64), "Adamoc.live Lovelace");
        assert_eq!(clean("A\u{200B}d\u{200D}a\u{2066}\u{FEFF}", 64), "Ada");
        assert_eq!(clean("\u{061C}Ada\u{200F}", 64), "Ada");
    }

    #[test]
    fn breaks_and_runs_of_space_become_one_space() {
        assert_eq!(clean("  Ada\r\n\tLovelace\u{2028}Jr  ", 64), "Ada Lovelace Jr");
        assert_eq!(clean("\u{7}\u{1b}[31m", 64), "[31m");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let long = "a".repeat(10_000);
        let cut = clean(&long, NAME_MAX);
        assert_eq!(cut.chars().count(), NAME_MAX + 1);
        assert!(clean(&format!("{} {}", "a".repeat(NAME_MAX - 1), "b".repeat(9)), NAME_MAX).ends_with("a…"));
        assert!(cut.ends_with('…'));
        assert_eq!(clean(&"b".repeat(NAME_MAX), NAME_MAX), "b".repeat(NAME_MAX), "exactly the limit stays");
    }

    #[test]
    fn letters_of_every_script_stay() {
        assert_eq!(clean("Jürgen Ωμέγα عربي עברית 日本", 64), "Jürgen Ωμέγα عربي עברית 日本");
    }
}
