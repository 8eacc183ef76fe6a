//! Serving the built app: files from `--app-dir` under `--app-base`, with a single-page fallback.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::html::{escape, set_attribute, set_base_href};
use crate::state::AppState;

/// The page answered for app routes when no `--app-dir` was given.
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>App not built</title></head><body><h1>The app was not built</h1>\
<p>ep-sandbox is serving the API, but no app: start it with <code>--app-dir dist</code> after \
building the app (<code>cargo xtask build</code>), or run <code>cargo xtask demo</code>.</p>\
<p>The <a href=\"/__sandbox/outbox.html\">outbox</a> still works.</p></body></html>\n";

/// Answers a request for the app.
pub async fn serve(state: Arc<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let mut response = answer(&state, req.method(), &path).await;
    let headers = response.headers_mut();
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn answer(state: &AppState, method: &Method, path: &str) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
    }
    let base = state.config.app_base_path();
    let relative = if path == base.trim_end_matches('/') {
        ""
    } else if let Some(rest) = path.strip_prefix(base.as_str()) {
        rest
    } else {
        let page = format!(
            "<!doctype html><title>Not found</title><p>Not found. The app is at <a href=\"{0}\">{0}</a>.</p>\n",
            escape(&base)
        );
        return (StatusCode::NOT_FOUND, Html(page)).into_response();
    };
    let Some(relative) = safe_relative_path(relative) else {
        return (StatusCode::BAD_REQUEST, "bad path\n").into_response();
    };
    let Some(dir) = &state.config.app_dir else {
        return (StatusCode::SERVICE_UNAVAILABLE, Html(NOT_BUILT)).into_response();
    };
    let candidate = dir.join(&relative);
    if !relative.as_os_str().is_empty() && is_file_inside(&candidate, dir).await {
        if candidate.file_name().is_some_and(|name| name == "index.html") {
            return index(state, dir).await;
        }
        return match tokio::fs::read(&candidate).await {
            Ok(bytes) => file_response(bytes, content_type(&candidate), "no-cache"),
            Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        };
    }
    index(state, dir).await
}

/// `index.html` with the mount element's `data-api-base` / `data-base-path` rewritten when configured.
async fn index(state: &AppState, dir: &Path) -> Response {
    let Ok(mut html) = tokio::fs::read_to_string(dir.join("index.html")).await else {
        return (StatusCode::NOT_FOUND, "index.html not found in --app-dir\n").into_response();
    };
    if let Some(api_base) = &state.config.app_api_base {
        html = set_attribute(&html, "data-api-base", api_base);
    }
    if state.config.app_base.is_some() {
        // Relative asset URLs resolve against <base href>, so deep links under the sub-path load the app.
        html = set_base_href(&html, &state.config.app_base_path());
        html = set_attribute(&html, "data-base-path", &state.config.app_base_path());
    }
    file_response(html.into_bytes(), "text/html; charset=utf-8", "no-store")
}

fn file_response(bytes: Vec<u8>, content_type: &'static str, cache: &'static str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// Whether `path` is a regular file that (after resolving links) lies inside `dir`.
async fn is_file_inside(path: &Path, dir: &Path) -> bool {
    let (Ok(file), Ok(dir)) = (tokio::fs::canonicalize(path).await, tokio::fs::canonicalize(dir).await)
    else {
        return false;
    };
    file.starts_with(&dir) && tokio::fs::metadata(&file).await.is_ok_and(|meta| meta.is_file())
}

/// Percent-decodes a URL path below the app base and refuses anything that could leave the
/// directory: `.`/`..` segments, backslashes, NUL, absolute parts, invalid UTF-8 or escapes.
pub fn safe_relative_path(raw: &str) -> Option<PathBuf> {
    let decoded = percent_decode(raw)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut path = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(part)), None) => path.push(part),
            _ => return None,
        }
    }
    Some(path)
}

/// Strict percent-decoding: `None` for a bad escape or invalid UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
    fn traversal_is_refused() {
        for bad in [
            "..",
            "../Cargo.toml",
            "a/../../b",
            "%2e%2e/x",
            "%2E%2E%2Fx",
            "a/..%2f..%2fx",
            "..%5cx",
            "a\\b",
            "%00",
            "%zz",
            "%ff",
            "./x",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn normal_paths_pass() {
        assert_eq!(safe_relative_path(""), Some(PathBuf::new()));
        assert_eq!(safe_relative_path("pkg/app_bg.wasm"), Some(PathBuf::from("pkg/app_bg.wasm")));
        assert_eq!(safe_relative_path("a%20b//c.js"), Some(PathBuf::from("a b/c.js")));
        assert_eq!(safe_relative_path("..x"), Some(PathBuf::from("..x")));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("a.JS")), "text/javascript");
        assert_eq!(content_type(Path::new("a")), "application/octet-stream");
    }
}
