//! After trunk: the `<ep-password-reset>` loader, `dist/ep-password-reset.js`, written from
//! `embed/ep-password-reset.js` with the build's content-hashed file names, and `dist/index.html`
//! loading it instead of trunk's inline start-up script (so the page needs no `'unsafe-inline'`). The
//! loader fetches the WASM with its `integrity`, so trunk's preload of it in `index.html` is the request
//! the loader uses.
//!
//! Every file is named by a static `./` path, so bundlers find them all (`cargo xtask package`); the
//! wasm-bindgen script's own fallback URL of the WASM is pointed at the content-hashed file for the same
//! reason (it names the file by its name before trunk hashed it, which a bundler cannot find).

use crate::minify::sha384;
use crate::{Result, root};
use std::path::Path;

/// The loader's name in `dist/`: stable, so hosts link to it; everything it loads is content-hashed.
pub const LOADER: &str = "ep-password-reset.js";

/// Writes the loader into `dist` and points `dist/index.html` at it.
pub fn write(dist: &Path) -> Result<()> {
    let names = std::fs::read_dir(dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect::<Vec<_>>();
    let find = |what: &str, matches: &dyn Fn(&str) -> bool| {
        let found: Vec<&String> = names.iter().filter(|name| matches(name)).collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            _ => Err(format!("expected one {what} in {}, found {found:?}", dist.display())),
        }
    };
    let js = find("app script", &is_app_script)?;
    let wasm = find("app WASM", &|name| name.starts_with(APP_PREFIX) && name.ends_with("_bg.wasm"))?;
    let css = find("element stylesheet", &|name| name.starts_with("main-") && name.ends_with(".css"))?;
    point_script_at_wasm(&dist.join(&js), &wasm)?;

    let template_path = root().join("embed").join(LOADER);
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("cannot read {}: {e}", template_path.display()))?;
    // Its comments go with the minifier (`minify`), like every script's.
    let wasm_bytes = std::fs::read(dist.join(&wasm)).map_err(|e| format!("cannot read {wasm}: {e}"))?;
    let loader = fill(
        &template,
        &[
            ("JS", &js),
            ("WASM", &wasm),
            ("WASM_INTEGRITY", &sha384(&wasm_bytes)),
            ("CSS", &css),
            ("FILES", &static_files(&static_names(dist)?)),
        ],
    )?;
    std::fs::write(dist.join(LOADER), loader).map_err(|e| format!("cannot write the loader: {e}"))?;

    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| format!("cannot read index.html: {e}"))?;
    std::fs::write(&index_path, without_inline_start(&index)?)
        .map_err(|e| format!("cannot write index.html: {e}"))?;
    Ok(())
}

/// The static files the app fetches, by their paths in `dist` (`/`-separated): the common-password list
/// and every catalogue.
pub fn static_names(dist: &Path) -> Result<Vec<String>> {
    let mut names = vec![COMMON_PASSWORDS.to_owned()];
    let locales = dist.join("locales");
    let entries =
        std::fs::read_dir(&locales).map_err(|e| format!("cannot read {}: {e}", locales.display()))?;
    let mut catalogues = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .map(|name| format!("locales/{name}"))
        .collect::<Vec<_>>();
    catalogues.sort();
    names.extend(catalogues);
    Ok(names)
}

/// The common-password list's name in `dist`.
const COMMON_PASSWORDS: &str = "common-passwords.txt";

/// The body of the loader's object of static files: each name to its URL, by a static reference.
fn static_files(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("'{name}': new URL('./{name}', import.meta.url).href,"))
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// Points the fallback `new URL('<crate>_bg.wasm', import.meta.url)` of the wasm-bindgen script at
/// `wasm`, the content-hashed file (the loader always passes the WASM, so it is never fetched from there).
fn point_script_at_wasm(script_path: &Path, wasm: &str) -> Result<()> {
    let script = std::fs::read_to_string(script_path)
        .map_err(|e| format!("cannot read {}: {e}", script_path.display()))?;
    let unhashed = "ep-password-reset_bg.wasm";
    let [single, double] = [format!("new URL('{unhashed}'"), format!("new URL(\"{unhashed}\"")];
    if !script.contains(&single) && !script.contains(&double) {
        return Err(format!("{} has no new URL('{unhashed}', …) to point at {wasm}", script_path.display()));
    }
    let pointed = script
        .replace(&single, &format!("new URL('./{wasm}'"))
        .replace(&double, &format!("new URL('./{wasm}'"));
    std::fs::write(script_path, pointed).map_err(|e| format!("cannot write {}: {e}", script_path.display()))
}

/// How the names of the app's script and WASM start (trunk adds the content hash).
const APP_PREFIX: &str = "ep-password-reset-";

/// Whether `name` is the app's script (wasm-bindgen's, content-hashed), not the loader or the WASM.
pub fn is_app_script(name: &str) -> bool {
    name.starts_with(APP_PREFIX) && name.ends_with(".js") && !name.ends_with("_bg.js")
}

/// `template` with each `__EP_RESET_{key}__` replaced by its value; an error if one is missing.
fn fill(template: &str, values: &[(&str, &str)]) -> Result<String> {
    let mut out = template.to_owned();
    for (key, value) in values {
        let placeholder = format!("__EP_RESET_{key}__");
        if !out.contains(&placeholder) {
            return Err(format!("the loader template lacks {placeholder}"));
        }
        out = out.replace(&placeholder, value);
    }
    Ok(out)
}

/// `index.html` with trunk's inline `<script type="module">` replaced by the loader's script element.
fn without_inline_start(index: &str) -> Result<String> {
    let open = "<script type=\"module\">";
    let start = index.find(open).ok_or("index.html has no inline start-up script to replace")?;
    let end = index[start..].find("</script>").ok_or("index.html: unterminated script")? + start;
    let script = format!("<script type=\"module\" src=\"./{LOADER}\"></script>");
    Ok(format!("{}{script}{}", &index[..start], &index[end + "</script>".len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inline_script_becomes_the_loader() {
        let index = "<head>\n<script type=\"module\">\nimport init from './a.js';\nwindow.wasmBindings = 1;\n</script>\n<link rel=\"stylesheet\" href=\"./main-1.css\"></head>";
        let out = without_inline_start(index).expect("rewritten");
        assert_eq!(
            out,
            "<head>\n<script type=\"module\" src=\"./ep-password-reset.js\"></script>\n<link rel=\"stylesheet\" href=\"./main-1.css\"></head>"
        );
        assert!(without_inline_start("<head></head>").is_err());
    }

    #[test]
    fn only_the_app_script_is_the_app_script() {
        assert!(is_app_script("ep-password-reset-0123.js"));
        assert!(!is_app_script(LOADER));
        assert!(!is_app_script("ep-password-reset-0123_bg.wasm"));
    }

    #[test]
    fn each_static_file_is_a_static_reference() {
        let names = ["common-passwords.txt".to_owned(), "locales/de-01.txt".to_owned()];
        assert_eq!(
            static_files(&names),
            "'common-passwords.txt': new URL('./common-passwords.txt', import.meta.url).href,\n  \
             'locales/de-01.txt': new URL('./locales/de-01.txt', import.meta.url).href,"
        );
    }

    #[test]
    fn every_name_is_filled_in() {
        let template = "js '__EP_RESET_JS__' wasm '__EP_RESET_WASM__' '__EP_RESET_WASM_INTEGRITY__'";
        assert_eq!(
            fill(template, &[("JS", "a.js"), ("WASM", "b.wasm"), ("WASM_INTEGRITY", "sha384-x")]).as_deref(),
            Ok("js 'a.js' wasm 'b.wasm' 'sha384-x'")
        );
        assert!(fill("no placeholders", &[("JS", "a.js")]).is_err());
    }
}
