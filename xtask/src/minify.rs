//! After trunk and the loader: every script and stylesheet a page fetches at load minified with esbuild
//! (npm, pinned in `package.json`), and `dist/index.html` made to match: its `integrity` digests
//! recomputed for the minified files, and trunk's WASM preload removed (the loader fetches the WASM
//! without cookies, which a preload cannot, so the browser would download it twice).

use crate::cmd::{command, run as run_command};
use crate::{Result, loader};
use base64::Engine;
use sha2::{Digest, Sha384};
use std::path::Path;

/// Minifies the page-load scripts and stylesheets in `dist` in place and rewrites `index.html` for them.
pub fn run(dist: &Path) -> Result<()> {
    let names = std::fs::read_dir(dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| is_minified(name))
        .collect::<Vec<_>>();
    for name in &names {
        let path = dist.join(name).to_string_lossy().into_owned();
        let mut esbuild = command(
            "esbuild",
            &[&path, "--minify", "--log-level=warning", &format!("--outfile={path}"), "--allow-overwrite"],
        );
        // The wasm-bindgen glue and the loader are ES modules; keep them so (no bundling, no wrapping).
        if name.ends_with(".js") {
            esbuild.arg("--format=esm");
        }
        run_command(esbuild)?;
    }
    let index_path = dist.join("index.html");
    let mut index =
        std::fs::read_to_string(&index_path).map_err(|e| format!("cannot read index.html: {e}"))?;
    for name in &names {
        let bytes = std::fs::read(dist.join(name)).map_err(|e| format!("cannot read {name}: {e}"))?;
        index = with_integrity(&index, name, &bytes);
    }
    std::fs::write(&index_path, without_wasm_preload(&index))
        .map_err(|e| format!("cannot write index.html: {e}"))
}

/// The files minified: the app's script (not its WASM), the loader, and the stylesheets.
fn is_minified(name: &str) -> bool {
    name == loader::LOADER
        || (name.ends_with(".js") && name.starts_with("ep-password-reset-"))
        || name.ends_with(".css")
}

/// `index` with the `integrity` of the element that references `./{name}` set to `bytes`' SHA-384.
fn with_integrity(index: &str, name: &str, bytes: &[u8]) -> String {
    let digest = base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes));
    let href = format!("href=\"./{name}\"");
    let Some(at) = index.find(&href) else { return index.to_owned() };
    let tag_end = index[at..].find('>').map_or(index.len(), |end| at + end);
    let tag_start = index[..at].rfind('<').unwrap_or(0);
    let tag = &index[tag_start..tag_end];
    let Some(start) = tag.find("integrity=\"sha384-") else { return index.to_owned() };
    let value_start = tag_start + start + "integrity=\"".len();
    let Some(value_len) = index[value_start..].find('"') else { return index.to_owned() };
    format!("{}sha384-{digest}{}", &index[..value_start], &index[value_start + value_len..])
}

/// `index` without trunk's `<link rel="preload" … as="fetch" type="application/wasm">`.
fn without_wasm_preload(index: &str) -> String {
    let (mut out, mut from) = (index.to_owned(), 0);
    while let Some(at) = out[from..].find("<link rel=\"preload\"").map(|at| from + at) {
        let end = out[at..].find('>').map_or(out.len(), |end| at + end + 1);
        if out[at..end].contains("application/wasm") {
            out.replace_range(at..end, "");
        } else {
            from = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = concat!(
        "<head><link rel=\"stylesheet\" href=\"./main-1.css\" integrity=\"sha384-old\"/>",
        "<link rel=\"modulepreload\" href=\"./ep-password-reset-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-old\">",
        "<link rel=\"preload\" href=\"./ep-password-reset-1_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-x\" as=\"fetch\" type=\"application/wasm\"></head>"
    );

    #[test]
    fn the_integrity_of_a_minified_file_is_its_new_digest() {
        let out = with_integrity(INDEX, "main-1.css", b"abc");
        // SHA-384 of "abc", in base64 (`printf abc | openssl dgst -sha384 -binary | base64`).
        let expected = "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn";
        assert!(out.contains(&format!("href=\"./main-1.css\" integrity=\"{expected}\"")), "{out}");
        assert!(out.contains(
            "href=\"./ep-password-reset-1.js\" crossorigin=\"anonymous\" integrity=\"sha384-old\""
        ));
    }

    #[test]
    fn a_file_the_page_does_not_reference_changes_nothing() {
        assert_eq!(with_integrity(INDEX, "other.css", b"abc"), INDEX);
    }

    #[test]
    fn the_wasm_preload_goes_and_the_script_preload_stays() {
        let out = without_wasm_preload(INDEX);
        assert!(!out.contains("application/wasm"), "{out}");
        assert!(out.contains("rel=\"modulepreload\""));
        assert!(out.ends_with("</head>"));
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
