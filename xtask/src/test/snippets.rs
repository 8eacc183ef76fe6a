//! The code a reader pastes from the README is the example storefronts' code, which the tests build and
//! run: each fenced block that follows a `<!-- snippet: examples/… -->` line must equal that file.

use crate::examples::EXAMPLES;
use crate::root;

/// The marker before a block taken from a file.
const MARKER: &str = "<!-- snippet: ";

/// Whether every marked block of README.md is its file, and every example is shown at least once.
pub fn all_current() -> bool {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap_or_default();
    let snippets = snippets(&readme);
    let mut ok = true;
    for (path, block) in &snippets {
        let file = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        if file.trim_end() != block.trim_end() {
            eprintln!("README.md: the block after `{MARKER}{path} -->` is not that file's content");
            ok = false;
        }
    }
    for example in &EXAMPLES {
        let prefix = format!("examples/{}/", example.name);
        if !snippets.iter().any(|(path, _)| path.starts_with(&prefix)) {
            eprintln!("README.md shows no file of examples/{}", example.name);
            ok = false;
        }
    }
    ok
}

/// Each marked block of `text`: the file it names, and the block's content.
fn snippets(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line.trim().strip_prefix(MARKER).and_then(|rest| rest.strip_suffix(" -->")) else {
            continue;
        };
        let Some(fence) = lines.next().filter(|l| l.starts_with("```")) else { continue };
        let fence = fence.chars().take_while(|c| *c == '`').collect::<String>();
        let block = lines.by_ref().take_while(|l| l.trim_end() != fence).collect::<Vec<_>>().join("\n");
        found.push((path.to_owned(), block));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_block_is_read_with_its_path() {
        let text = "intro\n<!-- snippet: examples/a/b.ts -->\n```ts\nline 1\nline 2\n```\n\n```sh\nnot marked\n```\n";
        assert_eq!(snippets(text), vec![("examples/a/b.ts".to_owned(), "line 1\nline 2".to_owned())]);
    }
}
