//! Serving the built app like a CDN: files from `--app-dir` under `--app-base`, with a single-page
//! fallback, compressed with brotli or gzip as the browser's `Accept-Encoding` allows, and cached
//! according to [`file_kind::cache_control`].

mod file_kind;
mod paths;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use tower_http::compression::{CompressionLayer, CompressionLevel};

use crate::html::{escape, set_attribute, set_base_href, set_element_attribute};
use crate::state::AppState;
use crate::switches::CommonPasswordList;
use file_kind::{NO_STORE, cache_control, content_type};
use paths::{is_file_inside, safe_relative_path};

/// Quality of the on-the-fly compression, for brotli and gzip alike. 5 is where brotli stops paying
/// much for its time: the app's WASM comes out about 14 % above quality 11 (what `cargo xtask size`
/// reports) at a thirtieth of the time, so even a debug build of the sandbox answers a page load in
/// well under a second.
const QUALITY: CompressionLevel = CompressionLevel::Precise(5);

/// The page answered for app routes when no `--app-dir` was given.
const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>App not built</title></head><body><h1>The app was not built</h1>\
<p>ep-sandbox is serving the API, but no app: start it with <code>--app-dir dist</code> after \
building the app (<code>cargo xtask build</code>), or run <code>cargo xtask demo</code>.</p>\
<p>The <a href=\"/__sandbox/outbox.html\">outbox</a> still works.</p></body></html>\n";

/// The app's service: every request it gets is for the app (the caller routes API paths elsewhere).
/// Responses are compressed per `Accept-Encoding` (brotli, then gzip, else identity) with
/// `Vary: Accept-Encoding`; tiny bodies and images stay as they are.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .fallback(serve)
        .with_state(state)
        .layer(CompressionLayer::new().br(true).gzip(true).quality(QUALITY))
}

/// Answers a request for the app.
async fn serve(State(state): State<Arc<AppState>>, req: Request) -> Response {
    let mut response = answer(&state, req.method(), req.uri().path()).await;
    let is_html = is_html_response(&response);
    let headers = response.headers_mut();
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !is_html {
        // A storefront on another origin loads the element's module and WASM with CORS, as from a CDN.
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    }
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
        if relative == Path::new(COMMON_PASSWORDS)
            && let Some(broken) = broken_common_list(state, dir).await
        {
            return broken;
        }
        return match tokio::fs::read(&candidate).await {
            Ok(bytes) => file_response(bytes, content_type(&candidate), cache_control(&relative)),
            Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        };
    }
    index(state, dir).await
}

/// The app's common-password list, which the `common_password_list` switch can break.
const COMMON_PASSWORDS: &str = "common-passwords.txt";

/// The answer for the common-password list when the switch breaks it (`None`: serve the file).
async fn broken_common_list(state: &AppState, dir: &Path) -> Option<Response> {
    let text = "text/plain; charset=utf-8";
    Some(match state.switches().common_password_list {
        CommonPasswordList::Served => return None,
        CommonPasswordList::Fallback => index(state, dir).await,
        CommonPasswordList::Mislabelled => {
            let html = tokio::fs::read(dir.join("index.html")).await.unwrap_or_default();
            file_response(html, text, NO_STORE)
        }
        CommonPasswordList::Truncated => {
            let list = tokio::fs::read_to_string(dir.join(COMMON_PASSWORDS)).await.unwrap_or_default();
            let head: String = list.lines().take(50).flat_map(|line| [line, "\n"]).collect();
            file_response(head.into_bytes(), text, NO_STORE)
        }
        CommonPasswordList::Unavailable => {
            (StatusCode::SERVICE_UNAVAILABLE, "the list is switched off\n").into_response()
        }
    })
}

/// `index.html` with its `api-base` / `base-path` / `breach-check` attributes (the `<ep-password-reset>` element's, or the
/// bench's vanilla page's) rewritten when configured.
async fn index(state: &AppState, dir: &Path) -> Response {
    let Ok(mut html) = tokio::fs::read_to_string(dir.join("index.html")).await else {
        return (StatusCode::NOT_FOUND, "index.html not found in --app-dir\n").into_response();
    };
    if let Some(api_base) = &state.config.app_api_base {
        html = set_attribute(&html, "api-base", api_base);
    }
    if let Some(range_url) = &state.config.app_breach_check {
        html = set_element_attribute(&html, "breach-check", range_url);
    }
    if state.config.app_base.is_some() {
        // Relative asset URLs resolve against <base href>, so deep links under the sub-path load the app.
        html = set_base_href(&html, &state.config.app_base_path());
        html = set_attribute(&html, "base-path", &state.config.app_base_path());
    }
    let mut response = file_response(html.into_bytes(), "text/html; charset=utf-8", NO_STORE);
    let policy = content_security_policy(state.config.app_api_base.as_deref());
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The strict policy docs/embedding.md gives for the standalone page: its own files, the API, nothing inline.
fn content_security_policy(api_base: Option<&str>) -> String {
    let api = api_base.map(origin_of).map(|origin| format!(" {origin}")).unwrap_or_default();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'{api}; \
         img-src data:; base-uri 'self'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// `scheme://host[:port]` of a URL (the whole of it when it has no path).
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    url[after_scheme..].find(['/', '?', '#']).map_or(url, |end| &url[..after_scheme + end])
}

fn is_html_response(response: &Response) -> bool {
    response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"))
}

fn file_response(bytes: Vec<u8>, content_type: &'static str, cache: &'static str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_api_origin_only() {
        assert_eq!(origin_of("http://127.0.0.1:8081/?a=1"), "http://127.0.0.1:8081");
        assert_eq!(origin_of("https://api.example.com"), "https://api.example.com");
        let policy = content_security_policy(Some("https://api.example.com/v2"));
        assert!(policy.contains("connect-src 'self' https://api.example.com;"), "{policy}");
        assert!(!policy.contains("unsafe-inline"));
        assert!(content_security_policy(None).contains("connect-src 'self';"));
    }
}
