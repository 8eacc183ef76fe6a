//! The browser's address bar: reading the link's parameters, then removing the sensitive ones.
//!
//! Reset links carry a one-time code and a username; storefront pages run scripts that copy
//! `location.href` into analytics. When the app starts, before anything else, [`take_sensitive`] reads the
//! current address and at once replaces it with [`ep_reset_core::reset_link::clean_address`], whatever
//! page or problem follows. The address as it was is then handed to the page once ([`provide`], then
//! [`take_address`]), in memory only: once the page has read the link, no raw copy of it is left.

use ep_reset_core::reset_link::{clean_address, has_sensitive_params, username_hint};
use leptos::prelude::{StoredValue, UpdateValue, provide_context, use_context};

/// The parts of the address the app reads. `Debug` never prints them: they may hold the one-time code.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// `location.pathname`.
    pub pathname: String,
    /// `location.search`, with its `?`.
    pub search: String,
    /// `location.hash`, with its `#`.
    pub hash: String,
}

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Address(***)")
    }
}

/// The address the app was opened with, until a page takes it.
#[derive(Clone, Copy)]
struct OpenedAddress(StoredValue<Option<Address>>);

/// The username the app was opened with, kept for the app's whole life: a view moved to later (the
/// forgot view after an expired link) still fills it in, after the raw address is gone.
#[derive(Clone)]
struct OpenedUsername(Option<String>);

/// Keeps `address` (the one [`take_sensitive`] returned) for the page to take, and its username.
pub fn provide(address: Address) {
    provide_context(OpenedUsername(username_hint(&address.search, &address.hash)));
    provide_context(OpenedAddress(StoredValue::new(Some(address))));
}

/// The address the app was opened with, handed out once: the raw copy, which may hold the link's code,
/// leaves the context. Later calls (and an app mounted without [`provide`]) get the current address.
pub fn take_address() -> Address {
    use_context::<OpenedAddress>()
        .and_then(|OpenedAddress(opened)| opened.try_update_value(Option::take).flatten())
        .unwrap_or_else(current)
}

/// The username the app was opened with ([`provide`]), else the current address's.
pub fn opened_username() -> Option<String> {
    match use_context::<OpenedUsername>() {
        Some(OpenedUsername(username)) => username,
        None => {
            let address = current();
            username_hint(&address.search, &address.hash)
        }
    }
}

/// The current address (empty parts where the browser refuses to tell).
pub fn current() -> Address {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return Address::default() };
    Address {
        pathname: location.pathname().unwrap_or_default(),
        search: location.search().unwrap_or_default(),
        hash: location.hash().unwrap_or_default(),
    }
}

/// Returns the current address and, if it carries a username or token, replaces it in the address bar
/// and history entry with the same address without them.
pub fn take_sensitive() -> Address {
    let address = current();
    if has_sensitive_params(&address.search, &address.hash) {
        let clean = clean_address(&address.pathname, &address.search, &address.hash);
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
        }
    }
    address
}
