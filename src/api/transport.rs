//! The one path every request takes: build, send with a timeout, read, map failures.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use ep_reset_core::api::{ApiError, Diagnostic};
use ep_reset_core::secret::Secret;
use leptos::prelude::set_timeout_with_handle;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, ReferrerPolicy, RequestCache, RequestCredentials, RequestInit, Response,
};

use crate::time::now_epoch_secs;

/// How long one request may take, reading the body included, before it counts as [`ApiError::Timeout`].
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// HTTP methods the client uses.
#[derive(Clone, Copy)]
pub enum Method {
    Get,
    Post,
    Put,
}

/// A request body.
pub enum Body {
    Empty,
    /// `application/json`.
    Json(String),
    /// `application/x-www-form-urlencoded` (the token endpoint; it needs no CORS preflight).
    Form(String),
}

/// One request: a short name for diagnostics (never the URL, which may carry ids), and its parts.
pub struct Call<'a> {
    pub name: &'static str,
    pub method: Method,
    pub url: String,
    pub bearer: Option<&'a Secret<String>>,
    pub am_token: Option<&'a Secret<String>>,
    pub body: Body,
}

/// Sends `call` and returns the response text on 2xx, or the mapped error.
pub async fn send(call: Call<'_>) -> Result<String, ApiError> {
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (Rc::clone(&timed_out), controller.clone());
        set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            TIMEOUT,
        )
        .ok()
    };
    let result = send_and_read(&call, &controller).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    let result = result.map_err(|error| if timed_out.get() { ApiError::Timeout } else { error });
    if let Err(error) = &result {
        report(call.name, error, None);
    }
    result.and_then(|(status, retry_after, text)| {
        if (200..300).contains(&status) {
            return Ok(text);
        }
        let error = ApiError::from_response(status, retry_after.as_deref(), &text, now_epoch_secs());
        report(call.name, &error, Diagnostic::from_body(&text));
        Err(error)
    })
}

async fn send_and_read(
    call: &Call<'_>,
    controller: &AbortController,
) -> Result<(u16, Option<String>, String), ApiError> {
    let headers = Headers::new().map_err(|_| ApiError::Malformed)?;
    let header = |name: &str, value: &str| headers.set(name, value).map_err(|_| ApiError::Malformed);
    header("Accept", "application/json")?;
    if let Some(bearer) = call.bearer {
        header("Authorization", &format!("Bearer {}", bearer.expose()))?;
    }
    if let Some(token) = call.am_token {
        header("EP-Account-Management-Authentication-Token", token.expose())?;
    }
    let init = RequestInit::new();
    let body = match &call.body {
        Body::Empty => None,
        Body::Json(json) => Some(("application/json", json)),
        Body::Form(form) => Some(("application/x-www-form-urlencoded", form)),
    };
    if let Some((content_type, text)) = body {
        header("Content-Type", content_type)?;
        init.set_body(&JsValue::from_str(text));
    }
    init.set_method(match call.method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Put => "PUT",
    });
    init.set_headers(&headers);
    init.set_signal(Some(&controller.signal()));
    let response = fetch(&call.url, &init).await.ok_or(ApiError::Network)?;
    let status = response.status();
    // Readable only when the API exposes it to CORS (Access-Control-Expose-Headers); absent otherwise.
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let text = read_text(&response).await.ok_or(ApiError::Network)?;
    Ok((status, retry_after, text))
}

/// `fetch(url, init)` with `credentials: omit`, `referrerPolicy: no-referrer` and `cache: no-store`
/// added: `None` when the browser got no response at all.
pub async fn fetch(url: &str, init: &RequestInit) -> Option<Response> {
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_cache(RequestCache::NoStore);
    let promise = web_sys::window()?.fetch_with_str_and_init(url, init);
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// The response's body as text.
pub async fn read_text(response: &Response) -> Option<String> {
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

/// A console line for whoever debugs the store: which call, what failed, the server's title. Never a
/// URL, a header, a body or a detail text (which may echo what the shopper typed).
fn report(name: &str, error: &ApiError, diagnostic: Option<Diagnostic>) {
    let title = diagnostic.and_then(|d| d.title).map(|t| format!(" ({t})")).unwrap_or_default();
    let what = match (error, error.status()) {
        (ApiError::Timeout, _) => "no answer in time".to_owned(),
        (ApiError::Malformed, _) => "an unreadable answer".to_owned(),
        (_, Some(status)) => format!("status {status}"),
        (_, None) => "no answer".to_owned(),
    };
    web_sys::console::warn_1(&format!("ep-password-reset: {name} failed: {what}{title}").into());
}
