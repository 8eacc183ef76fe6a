//! After trunk: the `<ep-password-reset>` loader, `dist/ep-password-reset.js`, written from
//! `embed/ep-password-reset.js` with the build's content-hashed file names, and `dist/index.html`
//! loading it instead of trunk's inline start-up script (so the page needs no `'unsafe-inline'`).

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
    let app = |name: &str| name.starts_with("ep-password-reset-");
    let js = find("app script", &|name| app(name) && name.ends_with(".js") && !name.ends_with("_bg.js"))?;
    let wasm = find("app WASM", &|name| app(name) && name.ends_with("_bg.wasm"))?;
    let css = find("element stylesheet", &|name| name.starts_with("main-") && name.ends_with(".css"))?;

    let template_path = root().join("embed").join(LOADER);
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("cannot read {}: {e}", template_path.display()))?;
    let loader = without_comment_lines(&fill(&template, &js, &wasm, &css)?);
    std::fs::write(dist.join(LOADER), loader).map_err(|e| format!("cannot write the loader: {e}"))?;

    let index_path = dist.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| format!("cannot read index.html: {e}"))?;
    std::fs::write(&index_path, without_inline_start(&index)?)
        .map_err(|e| format!("cannot write index.html: {e}"))?;
    Ok(())
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

/// The loader without its whole-line comments (its documentation stays in the repository): every byte
/// of it is fetched on every page load.
fn without_comment_lines(source: &str) -> String {
    let is_comment = |line: &str| {
        let line = line.trim_start();
        line.starts_with("//")
            || line.starts_with("/**")
            || line.starts_with("* ")
            || line == "*"
            || line == "*/"
    };
    source
        .lines()
        .filter(|line| !is_comment(line) && !line.trim().is_empty())
        .map(|line| format!("{line}\n"))
        .collect()
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
    fn comment_lines_go_code_stays() {
        let source = "// header\n/**\n * doc\n */\nconst a = '//not a comment';\n\n  // inside\nf(a);\n";
        assert_eq!(without_comment_lines(source), "const a = '//not a comment';\nf(a);\n");
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
