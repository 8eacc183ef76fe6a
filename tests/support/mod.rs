//! Shared helpers of the browser component tests: mount the app at an address with the element's attributes,
//! then query and drive its DOM. Each test file starts with `mod support;`.
#![allow(dead_code)] // Each test file uses a different subset.

use std::time::Duration;

use ep_password_reset::time::sleep;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// Configuration that passes validation; its API base is a closed loopback port, so every request fails
/// fast as a network error.
pub const VALID: &[(&str, &str)] = &[("api-base", "http://127.0.0.1:9"), ("client-id", "demo-client-id")];

/// [`VALID`] plus configured realm and profile ids, so nothing needs discovering.
pub const WITH_IDS: &[(&str, &str)] = &[
    ("api-base", "http://127.0.0.1:9"),
    ("client-id", "demo-client-id"),
    ("realm-id", "22222222-2222-4222-8222-222222222222"),
    ("password-profile-id", "33333333-3333-4333-8333-333333333333"),
];

/// A mounted app; unmounts and removes its element when dropped.
pub struct Mounted {
    pub element: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.element.remove();
    }
}

impl Mounted {
    /// The first element matching `selector`.
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.element.query_selector(selector).ok().flatten()
    }

    /// How many elements match `selector`.
    pub fn count(&self, selector: &str) -> u32 {
        self.element.query_selector_all(selector).map(|list| list.length()).unwrap_or(0)
    }

    /// Text of the first element matching `selector` (empty if none).
    pub fn text_of(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    /// All text of the app.
    pub fn text(&self) -> String {
        self.element.text_content().unwrap_or_default()
    }

    /// An attribute of the first element matching `selector`.
    pub fn attribute(&self, selector: &str, name: &str) -> Option<String> {
        self.find(selector)?.get_attribute(name)
    }

    /// The input matching `selector`.
    pub fn input(&self, selector: &str) -> HtmlInputElement {
        self.find(selector).expect("the input exists").unchecked_into()
    }

    /// Types `value` into the input matching `selector` (sets it and fires `input`).
    pub fn type_into(&self, selector: &str, value: &str) {
        let input = self.input(selector);
        input.set_value(value);
        input.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
    }

    /// Clicks the element matching `selector`.
    pub fn click(&self, selector: &str) {
        let element: HtmlElement = self.find(selector).expect("the element exists").unchecked_into();
        element.click();
    }

    /// Waits (up to 5 s) until `condition` holds; false if it never does.
    pub async fn wait_until(&self, condition: impl Fn(&Self) -> bool) -> bool {
        self.wait_until_within(Duration::from_secs(5), condition).await
    }

    /// Waits up to `limit` until `condition` holds; false if it never does. For checks that something
    /// does *not* happen, use a limit well above the time it would take to happen.
    pub async fn wait_until_within(&self, limit: Duration, condition: impl Fn(&Self) -> bool) -> bool {
        let step = Duration::from_millis(50);
        let mut waited = Duration::ZERO;
        loop {
            if condition(self) {
                return true;
            }
            if waited >= limit {
                return false;
            }
            sleep(step).await;
            waited += step;
        }
    }

    /// Waits (up to 5 s) until the app's text contains `needle`.
    pub async fn wait_for_text(&self, needle: &str) -> bool {
        self.wait_until(|app| app.text().contains(needle)).await
    }
}

/// Records the URL of every `fetch` the page makes while it lives (the app's only way to reach the store);
/// puts the browser's own `fetch` back when dropped.
pub struct FetchSpy {
    urls: js_sys::Array,
    original: wasm_bindgen::JsValue,
}

impl FetchSpy {
    pub fn install() -> Self {
        let window = web_sys::window().expect("a browser window");
        let original = js_sys::Reflect::get(&window, &"fetch".into()).expect("window.fetch");
        let urls = js_sys::Array::new();
        let wrap = js_sys::Function::new_with_args(
            "original, urls",
            "return function fetch(input, init) { \
                urls.push(typeof input === 'string' ? input : (input && input.url) || String(input)); \
                return original.call(globalThis, input, init); \
            };",
        );
        let spy = wrap.call2(&wasm_bindgen::JsValue::NULL, &original, &urls).expect("the spy");
        js_sys::Reflect::set(&window, &"fetch".into(), &spy).expect("install the spy");
        Self { urls, original }
    }

    /// Every URL fetched so far, oldest first.
    pub fn urls(&self) -> Vec<String> {
        self.urls.iter().filter_map(|url| url.as_string()).collect()
    }

    /// How many fetched URLs contain `needle`.
    pub fn count(&self, needle: &str) -> usize {
        self.urls().iter().filter(|url| url.contains(needle)).count()
    }
}

impl Drop for FetchSpy {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &"fetch".into(), &self.original);
        }
    }
}

/// Makes `navigator.onLine` say the browser is offline while it lives (requests still go out and fail as
/// they would); puts the browser's own answer back when dropped.
pub struct Offline;

impl Offline {
    pub fn install() -> Self {
        js_sys::Function::new_no_args(
            "Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });",
        )
        .call0(&wasm_bindgen::JsValue::NULL)
        .expect("override navigator.onLine");
        Self
    }
}

impl Drop for Offline {
    fn drop(&mut self) {
        let restore = js_sys::Function::new_no_args("delete navigator.onLine;");
        let _ = restore.call0(&wasm_bindgen::JsValue::NULL);
    }
}

/// Sets the address, creates a mount element with `attributes` and mounts the app into it.
pub async fn mount_at(address: &str, attributes: &[(&str, &str)]) -> Mounted {
    let window = web_sys::window().expect("a browser window");
    window
        .history()
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address))
        .expect("replaceState");
    let document = window.document().expect("a document");
    let element: HtmlElement =
        document.create_element("ep-password-reset").expect("element").unchecked_into();
    for (name, value) in attributes {
        element.set_attribute(name, value).expect("set attribute");
    }
    document.body().expect("body").append_child(&element).expect("append");
    let handle = ep_password_reset::mount(element.clone(), ep_password_reset::asset::Assets::beside("/"));
    leptos::task::tick().await;
    Mounted { element, _handle: Box::new(handle) }
}
