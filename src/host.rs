//! The browser as the sessions' [`Host`]: its clock and timers, `Math.random`, `navigator.onLine`, the
//! console for store-owner hints (worded by the catalogue), and WebCrypto and `fetch` for the breach
//! check ([`crate::breach`]); and its Unicode data, [`UNICODE`].

use ep_reset_core::breach::{RangeService, Unreachable};
use ep_reset_core::flows::owner_hint::OwnerHint;
use ep_reset_core::session::Host;
use ep_reset_core::unicode::Unicode;

use crate::messages::Messages;
use crate::time::{now_ms, sleep};

/// The browser, with the catalogue that words hints.
#[derive(Clone, Copy)]
pub struct BrowserHost {
    messages: &'static Messages,
}

impl BrowserHost {
    /// The browser, hints in `messages`' language.
    pub fn new(messages: &'static Messages) -> Self {
        Self { messages }
    }
}

impl RangeService for BrowserHost {
    async fn sha1(&self, bytes: &[u8]) -> Option<[u8; 20]> {
        crate::breach::sha1(bytes).await
    }

    async fn range(&self, url: &str) -> Result<String, Unreachable> {
        crate::breach::range(url).await
    }
}

impl Host for BrowserHost {
    fn now_ms(&self) -> u64 {
        now_ms()
    }

    async fn sleep_ms(&self, ms: u64) {
        sleep(std::time::Duration::from_millis(ms)).await;
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    /// Assumed online when the browser cannot say.
    fn online(&self) -> bool {
        web_sys::window().is_none_or(|window| window.navigator().on_line())
    }

    fn hint(&self, hint: OwnerHint) {
        web_sys::console::info_1(&self.messages.common.owner_hint(hint).into());
    }
}

/// The browser's Unicode data (`String.prototype.toLowerCase`, `/\p{Alphabetic}/u`): the same as
/// Rust's, without the tables Rust's would add to the WASM.
pub const UNICODE: Unicode = Unicode::new(lowercase, has_letter);

fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

fn has_letter(text: &str) -> bool {
    js_sys::RegExp::new(r"\p{Alphabetic}", "u").test(text)
}
