//! What a file of the app is, as far as the browser needs to know: its `Content-Type` and how long it
//! may be cached.

use std::path::Path;

/// `Cache-Control` for a file whose name carries its content hash: a new build brings new names, so
/// what is under a name never changes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` for HTML, including the single-page fallback: a new build (with new hashed names)
/// takes effect on the next load, and `--app-api-base`/`--app-base` rewrite it per sandbox.
pub const NO_STORE: &str = "no-store";
/// `Cache-Control` for the other files (the common-password list and its licence): their names stay
/// the same from build to build, so they are kept only briefly.
pub const SHORT: &str = "public, max-age=3600";

/// trunk's content hash in a name: 16 hex digits after a `-` (`main-d3bc07fd0638f423.css`,
/// `app-df0fc94e1cd2e57c_bg.wasm`).
const HASH_LEN: usize = 16;

/// The `Cache-Control` for a file at `relative` inside the app directory.
pub fn cache_control(relative: &Path) -> &'static str {
    if is_html(relative) {
        NO_STORE
    } else if relative.iter().any(|segment| segment.to_str().is_some_and(has_content_hash)) {
        IMMUTABLE
    } else {
        SHORT
    }
}

fn is_html(path: &Path) -> bool {
    content_type(path).starts_with("text/html")
}

/// Whether a file or folder name carries a content hash: `-`, 16 hex digits, then the end of the name,
/// `.` or `_`.
fn has_content_hash(name: &str) -> bool {
    name.match_indices('-').any(|(at, _)| {
        let after = &name.as_bytes()[at + 1..];
        after.get(..HASH_LEN).is_some_and(|hash| hash.iter().all(u8::is_ascii_hexdigit))
            && matches!(after.get(HASH_LEN), None | Some(b'.' | b'_'))
    })
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "wasm" => "application/wasm",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("a.JS")), "text/javascript");
        assert_eq!(content_type(Path::new("a")), "application/octet-stream");
    }

    #[test]
    fn trunk_hashed_names_are_immutable() {
        for name in [
            "ep-password-reset-df0fc94e1cd2e57c.js",
            "ep-password-reset-df0fc94e1cd2e57c_bg.wasm",
            "main-D3BC07FD0638F423.css",
            "snippets/ep-password-reset-df0fc94e1cd2e57c/inline0.js",
        ] {
            assert_eq!(cache_control(Path::new(name)), IMMUTABLE, "{name}");
        }
    }

    #[test]
    fn other_names_are_cached_briefly_and_html_never() {
        for name in [
            "common-passwords.txt",
            "common-passwords.LICENSE.txt",
            "main-d3bc07fd0638f42.css",
            "main-d3bc07fd0638f4233.css",
            "main-d3bc07fd0638f42g.css",
            "maind3bc07fd0638f423.css",
        ] {
            assert_eq!(cache_control(Path::new(name)), SHORT, "{name}");
        }
        for name in ["index.html", "page-d3bc07fd0638f423.html", "a/b.HTM"] {
            assert_eq!(cache_control(Path::new(name)), NO_STORE, "{name}");
        }
    }
}
