//! `cargo xtask common-passwords [--check]`: (re)generates `assets/common-passwords.txt`, the blocklist the
//! change-password page fetches the first time a password field is focused.
//!
//! Source: `src/passwords.json` of the npm package `@zxcvbn-ts/language-common` (MIT; pinned exactly in
//! `package.json`, installed by `cargo xtask setup`), a list ordered from most to least common. We keep the
//! first [`COUNT`] entries of at least [`MIN_CHARS`] code points: shorter ones can never be a valid new
//! password (Elastic Path's floor is 8), so shipping them would only cost bytes.
//!
//! The generated file is committed (with `common-passwords.LICENSE.txt`), so the release build stays
//! offline and needs no npm; this command makes it reproducible, and `--check` fails if the committed file
//! differs from what the installed package produces.

use crate::{Result, root};
use std::path::PathBuf;

/// How many passwords the asset holds (the issue asks for at least 10,000).
pub const COUNT: usize = 10_000;
/// Shortest entry kept, in code points (`PasswordPolicy::FLOOR`).
pub const MIN_CHARS: usize = 8;

const SOURCE: &str = "node_modules/@zxcvbn-ts/language-common/src/passwords.json";

/// The committed asset.
pub fn asset_path() -> PathBuf {
    root().join("assets").join("common-passwords.txt")
}

/// Entry point of `cargo xtask common-passwords [--check]`.
pub fn run(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask common-passwords [--check]".to_owned()),
    };
    let source = root().join(SOURCE);
    let json = std::fs::read_to_string(&source)
        .map_err(|e| format!("cannot read {} (run `cargo xtask setup`): {e}", source.display()))?;
    let entries: Vec<String> =
        serde_json::from_str(&json).map_err(|e| format!("{} is not a JSON list: {e}", source.display()))?;
    let text = select(&entries)?;
    let target = asset_path();
    if check {
        let committed = std::fs::read_to_string(&target).unwrap_or_default();
        return if committed == text {
            println!("{} is up to date", target.display());
            Ok(())
        } else {
            Err(format!("{} is out of date: run `cargo xtask common-passwords`", target.display()))
        };
    }
    std::fs::write(&target, text).map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    println!("wrote {COUNT} passwords to {}", target.display());
    Ok(())
}

/// The first [`COUNT`] usable entries, lower-cased and deduplicated, one per line.
fn select(entries: &[String]) -> Result<String> {
    let mut seen = std::collections::HashSet::new();
    let kept: Vec<String> = entries
        .iter()
        // Lines are trimmed when the app reads the list, so padded or multi-line entries cannot match.
        .filter(|p| {
            p.chars().count() >= MIN_CHARS && p.trim() == p.as_str() && !p.chars().any(char::is_control)
        })
        .map(|p| p.to_lowercase())
        .filter(|p| seen.insert(p.clone()))
        .take(COUNT)
        .collect();
    if kept.len() < COUNT {
        return Err(format!("only {} usable passwords in the source, need {COUNT}", kept.len()));
    }
    Ok(kept.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_long_clean_entries_in_order_without_duplicates() {
        let mut entries: Vec<String> = ["short", "Password1", "password1", " padded12", "tab\there1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        entries.extend((0..COUNT).map(|i| format!("entry{i:05}")));
        let text = select(&entries).expect("enough entries");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), COUNT);
        assert_eq!(lines[0], "password1");
        assert_eq!(lines[1], "entry00000");
        assert!(select(&entries[..10]).is_err());
    }
}
