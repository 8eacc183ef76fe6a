//! The one path every request takes: build, send with a timeout, read, map failures.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use ep_reset_core::api::{ApiError, Diagnostic};
use ep_reset_core::secret::Secret;
use gloo_net::http::RequestBuilder;
use leptos::prelude::set_timeout_with_handle;
use web_sys::{
    AbortController, AbortSignal, ReferrerPolicy, RequestCache, RequestCredentials, RequestRedirect,
    ResponseType,
};

use crate::time::now_epoch_secs;

/// How long one request may take, reading the body included, before it counts as [`ApiError::Timeout`].
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The status an answer that redirects counts as: a server failure whose real status (3xx) a script
/// cannot read.
pub const REDIRECTED: u16 = 0;

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
    /// The app's own signal: aborted when the app is unmounted.
    pub lifetime: Option<AbortSignal>,
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
    if call.lifetime.as_ref().is_some_and(AbortSignal::aborted) {
        // The app is gone: nobody reads the answer, and the console hears nothing of it.
        return Err(ApiError::Network);
    }
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
    let builder = match call.method {
        Method::Get => RequestBuilder::new(&call.url).method(gloo_net::http::Method::GET),
        Method::Post => RequestBuilder::new(&call.url).method(gloo_net::http::Method::POST),
        Method::Put => RequestBuilder::new(&call.url).method(gloo_net::http::Method::PUT),
    };
    let signal = match &call.lifetime {
        Some(lifetime) => AbortSignal::any(&js_sys::Array::of2(&controller.signal(), lifetime)),
        None => controller.signal(),
    };
    let mut builder = builder
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .cache(RequestCache::NoStore)
        // A redirect is never followed, so the shopper's tokens never reach its target. `manual` rather
        // than `error`: the answer then arrives as an opaque redirect, which tells a server that
        // redirects (a server failure) apart from a network that fails.
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(&signal))
        .header("Accept", "application/json");
    if let Some(bearer) = call.bearer {
        builder = builder.header("Authorization", &format!("Bearer {}", bearer.expose()));
    }
    if let Some(token) = call.am_token {
        builder = builder.header("EP-Account-Management-Authentication-Token", token.expose());
    }
    let request = match &call.body {
        Body::Empty => builder.build(),
        Body::Json(json) => builder.header("Content-Type", "application/json").body(json.as_str()),
        Body::Form(form) => {
            builder.header("Content-Type", "application/x-www-form-urlencoded").body(form.as_str())
        }
    }
    .map_err(|_| ApiError::Malformed)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(ApiError::Server { status: REDIRECTED });
    }
    let status = response.status();
    // Readable only when the API exposes it to CORS (Access-Control-Expose-Headers); absent otherwise.
    let retry_after = response.headers().get("retry-after");
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    Ok((status, retry_after, text))
}

/// A console line for whoever debugs the store: which call, what failed, the server's title. Never a
/// URL, a header, a body or a detail text (which may echo what the shopper typed).
fn report(name: &str, error: &ApiError, diagnostic: Option<Diagnostic>) {
    let title = diagnostic.and_then(|d| d.title).map(|t| format!(" ({t})")).unwrap_or_default();
    let what = match (error, error.status()) {
        (ApiError::Timeout, _) => "no answer in time".to_owned(),
        (ApiError::Malformed, _) => "an unreadable answer".to_owned(),
        (_, Some(REDIRECTED)) => "a redirect, which is never followed".to_owned(),
        (_, Some(status)) => format!("status {status}"),
        (_, None) => "no answer".to_owned(),
    };
    web_sys::console::warn_1(&format!("ep-password-reset: {name} failed: {what}{title}").into());
}
