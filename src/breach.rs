//! The breach check's browser side (the [`RangeService`](ep_reset_core::breach::RangeService) of
//! [`BrowserHost`](crate::host::BrowserHost)): SHA-1 from WebCrypto, so the WASM carries no hash code,
//! and the range request, which carries only the hash prefix in its URL, asks for padding, and sends no
//! referrer and no cookies, follows no redirect and gives up after a timeout. When it fails, it says
//! why: a Content-Security-Policy violation the page reported for the service, no answer, or a status.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use ep_reset_core::breach::{TIMEOUT_MS, Unreachable};
use gloo_net::http::RequestBuilder;
use leptos::prelude::set_timeout_with_handle;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReferrerPolicy, RequestCredentials, RequestRedirect, ResponseType};

use crate::time::sleep;

/// SHA-1 of `bytes` from `crypto.subtle`; `None` where the browser offers none (an insecure context).
pub async fn sha1(bytes: &[u8]) -> Option<[u8; 20]> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let promise = subtle.digest_with_str_and_u8_array("SHA-1", bytes).ok()?;
    let buffer = JsFuture::from(promise).await.ok()?;
    let array = js_sys::Uint8Array::new(&buffer);
    let mut digest = [0; 20];
    (array.length() == 20).then(|| array.copy_to(&mut digest))?;
    Some(digest)
}

/// The text of the range answer at `url`, or why there is none.
pub async fn range(url: &str) -> Result<String, Unreachable> {
    let controller = AbortController::new().map_err(|_| Unreachable::Network)?;
    let blocked = CspWatch::start(origin_of(url));
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (timed_out, controller) = (Rc::clone(&timed_out), controller.clone());
        let stop = move || {
            timed_out.set(true);
            controller.abort();
        };
        set_timeout_with_handle(stop, Duration::from_millis(TIMEOUT_MS)).ok()
    };
    let result = fetch(url, &controller).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    match result {
        Err(Unreachable::Network) => {
            // The page hears of a violation in a task of its own, which may come after the rejection.
            sleep(Duration::ZERO).await;
            Err(if blocked.as_ref().is_some_and(CspWatch::seen) {
                Unreachable::Blocked
            } else if timed_out.get() {
                Unreachable::Timeout
            } else {
                Unreachable::Network
            })
        }
        other => other,
    }
}

async fn fetch(url: &str, controller: &AbortController) -> Result<String, Unreachable> {
    let request = RequestBuilder::new(url)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(&controller.signal()))
        .header("Add-Padding", "true")
        .build()
        .map_err(|_| Unreachable::Network)?;
    let response = request.send().await.map_err(|_| Unreachable::Network)?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(Unreachable::Status(0));
    }
    if !response.ok() {
        return Err(Unreachable::Status(response.status()));
    }
    response.text().await.map_err(|_| Unreachable::Network)
}

/// `scheme://host[:port]` of an absolute URL.
fn origin_of(url: &str) -> String {
    url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/")
}

/// Listens, while it lives, for the page's `securitypolicyviolation` events about one origin.
struct CspWatch {
    seen: Rc<Cell<bool>>,
    window: web_sys::Window,
    listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl CspWatch {
    fn start(origin: String) -> Option<Self> {
        let window = web_sys::window()?;
        let seen = Rc::new(Cell::new(false));
        let flag = Rc::clone(&seen);
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let blocked = js_sys::Reflect::get(&event, &"blockedURI".into()).ok().and_then(|v| v.as_string());
            if blocked.is_some_and(|uri| uri.starts_with(&origin)) {
                flag.set(true);
            }
        });
        let callback = listener.as_ref().unchecked_ref();
        window.add_event_listener_with_callback("securitypolicyviolation", callback).ok()?;
        Some(Self { seen, window, listener })
    }

    fn seen(&self) -> bool {
        self.seen.get()
    }
}

impl Drop for CspWatch {
    fn drop(&mut self) {
        let callback = self.listener.as_ref().unchecked_ref();
        let _ = self.window.remove_event_listener_with_callback("securitypolicyviolation", callback);
    }
}
