//! After trunk: the `<ep-password-reset>` loader, `dist/ep-password-reset.js`, written from
//! `embed/ep-password-reset.js` with the build's content-hashed file names, and `dist/index.html`
//! loading it instead of trunk's inline start-up script (so the page needs no `'unsafe-inline'`) and
//! without trunk's WASM preload (the loader fetches the WASM without cookies, which a preload cannot, so
//! the browser would download it twice).

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

    let template_path = root().join("embed").join(LOADER);
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("cannot read {}: {e}", template_path.display()))?;
    // Its comments go with the minifier (`minify`), like every script's.
    let loader = fill(&template, &js, &wasm, &css)?;
    std::fs::write(dist.join(LOADER), loader).map_err(|e| format!("cannot write the loader: {e}"))?;

    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| format!("cannot read index.html: {e}"))?;
    std::fs::write(&index_path, without_wasm_preload(&without_inline_start(&index)?)?)
        .map_err(|e| format!("cannot write index.html: {e}"))?;
    Ok(())
}

/// How the names of the app's script and WASM start (trunk adds the content hash).
const APP_PREFIX: &str = "ep-password-reset-";

/// Whether `name` is the app's script (wasm-bindgen's, content-hashed), not the loader or the WASM.
pub fn is_app_script(name: &str) -> bool {
    name.starts_with(APP_PREFIX) && name.ends_with(".js") && !name.ends_with("_bg.js")
}

fn fill(template: &str, js: &str, wasm: &str, css: &str) -> Result<String> {
    let mut out = template.to_owned();
    for (placeholder, name) in
        [("__EP_RESET_JS__", js), ("__EP_RESET_WASM__", wasm), ("__EP_RESET_CSS__", css)]
    {
        if !out.contains(placeholder) {
            return Err(format!("the loader template lacks {placeholder}"));
        }
        out = out.replace(placeholder, name);
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

/// `index` without trunk's `<link rel="preload" … type="application/wasm">`; an error if one is left (trunk
/// wrote it differently).
fn without_wasm_preload(index: &str) -> Result<String> {
    let (mut out, mut from) = (index.to_owned(), 0);
    while let Some(at) = out[from..].find("<link rel=\"preload\"").map(|at| from + at) {
        let end = out[at..].find('>').map_or(out.len(), |end| at + end + 1);
        if out[at..end].contains("application/wasm") {
            out.replace_range(at..end, "");
        } else {
            from = end;
        }
    }
    match out.contains("application/wasm") {
        true => Err("index.html still preloads the WASM in a way the build does not recognise".to_owned()),
        false => Ok(out),
    }
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
    fn the_wasm_preload_goes_and_the_script_preload_stays() {
        let index = concat!(
            "<head><link rel=\"modulepreload\" href=\"./ep-password-reset-1.js\" integrity=\"sha384-a\">",
            "<link rel=\"preload\" href=\"./ep-password-reset-1_bg.wasm\" crossorigin=\"anonymous\" ",
            "integrity=\"sha384-b\" as=\"fetch\" type=\"application/wasm\"></head>"
        );
        let out = without_wasm_preload(index).expect("rewritten");
        assert_eq!(
            out,
            "<head><link rel=\"modulepreload\" href=\"./ep-password-reset-1.js\" integrity=\"sha384-a\"></head>"
        );
        assert!(
            without_wasm_preload("<link href=\"x.wasm\" type=\"application/wasm\" rel=\"preload\">").is_err()
        );
    }

    #[test]
    fn only_the_app_script_is_the_app_script() {
        assert!(is_app_script("ep-password-reset-0123.js"));
        assert!(!is_app_script(LOADER));
        assert!(!is_app_script("ep-password-reset-0123_bg.wasm"));
    }

    #[test]
    fn every_name_is_filled_in() {
        let template = "js '__EP_RESET_JS__' wasm '__EP_RESET_WASM__' css '__EP_RESET_CSS__'";
        assert_eq!(
            fill(template, "a.js", "b.wasm", "c.css").as_deref(),
            Ok("js 'a.js' wasm 'b.wasm' css 'c.css'")
        );
        assert!(fill("no placeholders", "a", "b", "c").is_err());
    }
}
