//! After trunk and the loader: every script and stylesheet a page fetches at load minified with esbuild
//! (npm, pinned in `package.json`), and the `integrity` digests in `dist/index.html` recomputed for them
//! (then every digest there checked against its file).

use crate::cmd::{command, run as run_command};
use crate::{Result, loader};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::Path;

/// Minifies the page-load scripts and stylesheets in `dist` in place and updates `index.html` for them.
pub fn run(dist: &Path) -> Result<()> {
    let names = std::fs::read_dir(dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| is_minified(name))
        .collect::<Vec<_>>();
    for name in &names {
        let path = dist.join(name).to_string_lossy().into_owned();
        let outfile = format!("--outfile={path}");
        let mut esbuild =
            command("esbuild", &[&path, "--minify", "--log-level=warning", &outfile, "--allow-overwrite"]);
        // The wasm-bindgen glue and the loader are ES modules; keep them so (no bundling, no wrapping).
        if name.ends_with(".js") {
            esbuild.arg("--format=esm");
        }
        run_command(esbuild)?;
    }
    let index_path = dist.join("index.html");
    let mut index =
        std::fs::read_to_string(&index_path).map_err(|e| format!("cannot read index.html: {e}"))?;
    let digest_of = |name: &str| std::fs::read(dist.join(name)).map(|bytes| sha384(&bytes));
    for name in &names {
        let digest = digest_of(name).map_err(|e| format!("cannot read {name}: {e}"))?;
        index = with_integrity(&index, name, &digest);
    }
    for (name, integrity) in integrities(&index) {
        let digest =
            digest_of(&name).map_err(|e| format!("index.html names {name}, which is not in dist: {e}"))?;
        if integrity != digest {
            return Err(format!("index.html's integrity for {name} does not match the file"));
        }
    }
    std::fs::write(&index_path, index).map_err(|e| format!("cannot write index.html: {e}"))
}

/// The files minified: the app's script (not its WASM), the loader, and the stylesheets.
fn is_minified(name: &str) -> bool {
    name == loader::LOADER || loader::is_app_script(name) || name.ends_with(".css")
}

/// `sha384-…` of `bytes`, as an `integrity` attribute gives it.
pub fn sha384(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

/// Each tag of `index` with an `href` and a `sha384` `integrity`: the file name the `href` ends in, and
/// the integrity.
fn integrities(index: &str) -> Vec<(String, String)> {
    index
        .split('<')
        .filter_map(|tag| {
            let tag = tag.split('>').next()?;
            let href = attribute(tag, "href")?;
            let integrity = attribute(tag, "integrity").filter(|value| value.starts_with("sha384-"))?;
            let name = href.rsplit('/').next()?;
            Some((name.to_owned(), integrity.to_owned()))
        })
        .collect()
}

/// The value of attribute `name` in `tag` (double-quoted, as trunk writes them).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// `index` with the `integrity` of each tag whose `href` ends in `name` set to `digest`.
fn with_integrity(index: &str, name: &str, digest: &str) -> String {
    index
        .split('<')
        .enumerate()
        .map(|(at, part)| {
            let tag = part.split('>').next().unwrap_or_default();
            let old = attribute(tag, "integrity");
            let refers = attribute(tag, "href").is_some_and(|href| href.rsplit('/').next() == Some(name));
            let text = match (refers, old) {
                (true, Some(old)) => {
                    part.replacen(&format!("integrity=\"{old}\""), &format!("integrity=\"{digest}\""), 1)
                }
                _ => part.to_owned(),
            };
            if at == 0 { text } else { format!("<{text}") }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = concat!(
        "<head><link rel=\"stylesheet\" href=\"./main-1.css\" integrity=\"sha384-old\"/>",
        "<link rel=\"stylesheet\" href=\"/shop/reset/page-1.css\" integrity=\"sha384-old\"/>",
        "<link rel=\"modulepreload\" href=\"./ep-password-reset-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-old\"></head>"
    );

    #[test]
    fn the_digest_is_sha384_in_base64() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(sha384(b"abc"), "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
    }

    #[test]
    fn the_integrity_of_a_minified_file_is_its_new_digest_whatever_the_public_url() {
        let out = with_integrity(INDEX, "main-1.css", "sha384-new");
        assert!(out.contains("href=\"./main-1.css\" integrity=\"sha384-new\""), "{out}");
        let out = with_integrity(&out, "page-1.css", "sha384-new2");
        assert!(out.contains("href=\"/shop/reset/page-1.css\" integrity=\"sha384-new2\""), "{out}");
        assert!(out.contains(
            "href=\"./ep-password-reset-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-old\""
        ));
        assert_eq!(out.len(), INDEX.len() + 2 * ("new".len() - "old".len()) + 1);
    }

    #[test]
    fn a_file_the_page_does_not_reference_changes_nothing() {
        assert_eq!(with_integrity(INDEX, "other.css", "sha384-new"), INDEX);
        assert_eq!(with_integrity(INDEX, "1.css", "sha384-new"), INDEX);
    }

    #[test]
    fn every_integrity_is_found_with_its_file_name() {
        assert_eq!(
            integrities(INDEX),
            [
                ("main-1.css", "sha384-old"),
                ("page-1.css", "sha384-old"),
                ("ep-password-reset-1.js", "sha384-old")
            ]
            .map(|(name, integrity)| (name.to_owned(), integrity.to_owned()))
        );
    }

    #[test]
    fn only_page_load_scripts_and_stylesheets_are_minified() {
        assert!(is_minified("ep-password-reset.js"));
        assert!(is_minified("ep-password-reset-0123.js"));
        assert!(is_minified("main-0123.css"));
        assert!(!is_minified("ep-password-reset-0123_bg.wasm"));
        assert!(!is_minified("common-passwords.txt"));
        assert!(!is_minified("index.html"));
    }
}
