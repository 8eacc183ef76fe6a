//! Browser component tests of the forgot-password form: attributes, validation and failure states.
//!
//! The API base points at a closed loopback port, so every request fails fast as a network error; the
//! realm and profile are configured, so nothing needs discovering.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use ep_password_reset::time::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &[(&str, &str)] = &[
    ("data-api-base", "http://127.0.0.1:9"),
    ("data-client-id", "demo-client-id"),
    ("data-realm-id", "22222222-2222-4222-8222-222222222222"),
    ("data-password-profile-id", "33333333-3333-4333-8333-333333333333"),
];

struct Mounted {
    element: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.element.remove();
    }
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.element.query_selector(selector).ok().flatten()
    }

    fn text(&self) -> String {
        self.element.text_content().unwrap_or_default()
    }

    fn input(&self) -> HtmlInputElement {
        self.find("#epr-username").expect("the username field").unchecked_into()
    }

    fn type_username(&self, value: &str) {
        let input = self.input();
        input.set_value(value);
        let event = web_sys::Event::new("input").expect("event");
        input.dispatch_event(&event).expect("dispatch");
    }

    fn submit(&self) {
        let button: HtmlElement = self.find("button[type=submit]").expect("submit").unchecked_into();
        button.click();
    }

    /// Waits (up to 5 s) until the page's text contains `needle`.
    async fn wait_for_text(&self, needle: &str) -> bool {
        for _ in 0..100 {
            if self.text().contains(needle) {
                return true;
            }
            sleep(Duration::from_millis(50)).await;
        }
        false
    }
}

async fn mount_at(address: &str, extra: &[(&str, &str)]) -> Mounted {
    let window = web_sys::window().expect("window");
    window
        .history()
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address))
        .expect("replaceState");
    let document = window.document().expect("document");
    let element: HtmlElement = document.create_element("div").expect("div").unchecked_into();
    for (name, value) in CONFIG.iter().chain(extra) {
        element.set_attribute(name, value).expect("attribute");
    }
    document.body().expect("body").append_child(&element).expect("append");
    let handle = ep_password_reset::mount(element.clone());
    leptos::task::tick().await;
    Mounted { element, _handle: Box::new(handle) }
}

#[wasm_bindgen_test]
async fn the_field_is_an_email_username_field_with_its_label() {
    let app = mount_at("/forgot_password", &[]).await;
    let input = app.input();
    assert_eq!(input.type_(), "email");
    assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("username"));
    assert!(input.has_attribute("required"));
    let label = app.find("label[for=epr-username]").and_then(|l| l.text_content());
    assert_eq!(label.as_deref(), Some("E-mail address"));
    assert!(app.find("[role=status][aria-live=polite]").is_some(), "one polite live region");
}

#[wasm_bindgen_test]
async fn non_email_usernames_get_a_text_field() {
    let app = mount_at("/forgot_password", &[("data-username-format", "any")]).await;
    assert_eq!(app.input().type_(), "text");
    let label = app.find("label[for=epr-username]").and_then(|l| l.text_content());
    assert_eq!(label.as_deref(), Some("Username"));
}

#[wasm_bindgen_test]
async fn an_empty_username_is_refused_with_an_error_tied_to_the_field() {
    let app = mount_at("/forgot_password", &[]).await;
    app.submit();
    assert!(app.wait_for_text("Enter the address you sign in with.").await);
    let input = app.input();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("epr-username-error"));
    assert!(app.find("#epr-username-error").is_some());
}

#[wasm_bindgen_test]
async fn a_network_failure_keeps_the_input_and_offers_the_button_again() {
    let app = mount_at("/forgot_password", &[]).await;
    app.type_username("ada@example.com");
    app.submit();
    assert!(app.wait_for_text("We couldn't reach the store.").await);
    assert_eq!(app.input().value(), "ada@example.com");
    let button = app.find("button[type=submit]").expect("button");
    assert!(!button.has_attribute("disabled"));
    assert_eq!(button.text_content().as_deref(), Some("Send reset link"));
}

#[wasm_bindgen_test]
async fn the_button_says_it_is_sending_and_is_disabled_meanwhile() {
    let app = mount_at("/forgot_password", &[]).await;
    app.type_username("ada@example.com");
    app.submit();
    leptos::task::tick().await;
    let button = app.find("button[type=submit]").expect("button");
    assert_eq!(button.text_content().as_deref(), Some("Sending…"));
    assert!(button.has_attribute("disabled"));
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_username_in_the_address_is_prefilled_then_removed_from_it() {
    let app = mount_at("/forgot_password?username=grace%40example.com&x=1", &[]).await;
    assert_eq!(app.input().value(), "grace@example.com");
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert_eq!(search, "?x=1");
}
