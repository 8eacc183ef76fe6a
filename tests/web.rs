//! Browser component tests: the app mounted into a real page in headless Chromium.
//!
//! Each test sets the address, creates a mount element with `data-*` attributes, mounts the app into it
//! and asserts on the rendered DOM. Run with `cargo xtask test` (or
//! `cargo test --target wasm32-unknown-unknown --test web` with the runner installed).
#![cfg(target_arch = "wasm32")]

use ep_reset_link::ResetLinkParams;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const VALID: &[(&str, &str)] =
    &[("data-api-base", "http://127.0.0.1:9"), ("data-client-id", "demo-client-id")];

/// A mounted app; unmounts and removes its element when dropped.
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
    fn text(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.element.query_selector(selector).ok().flatten()
    }

    fn attribute(&self, selector: &str, name: &str) -> Option<String> {
        self.find(selector)?.get_attribute(name)
    }
}

async fn mount_at(address: &str, attributes: &[(&str, &str)]) -> Mounted {
    let window = web_sys::window().expect("a browser window");
    window
        .history()
        .expect("history")
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address))
        .expect("replaceState");
    let document = window.document().expect("a document");
    let element: HtmlElement = document.create_element("div").expect("div").unchecked_into();
    for (name, value) in attributes {
        element.set_attribute(name, value).expect("set attribute");
    }
    document.body().expect("body").append_child(&element).expect("append");
    let handle = ep_password_reset::mount(element.clone());
    leptos::task::tick().await;
    Mounted { element, _handle: Box::new(handle) }
}

#[wasm_bindgen_test]
async fn missing_client_id_renders_a_readable_message_for_shopper_and_store_owner() {
    let app = mount_at("/forgot_password", &[("data-api-base", "https://api.example.com")]).await;
    assert_eq!(app.text("h1"), "Password reset is unavailable");
    assert!(app.text("main").contains("can't reset passwords right now"));
    assert_eq!(app.text("li"), "The attribute data-client-id is missing.");
    assert!(app.find("form").is_none(), "no form on a misconfigured page");
}

#[wasm_bindgen_test]
async fn every_configuration_problem_is_listed() {
    let app = mount_at(
        "/forgot_password",
        &[("data-api-base", "http://shop.example"), ("data-min-password-length", "4")],
    )
    .await;
    let items = app.element.query_selector_all("li").expect("list");
    assert_eq!(items.length(), 3, "api base, client id and minimum length");
    assert!(app.text("main").contains("data-api-base must be an https:// URL"));
    assert!(app.text("main").contains("data-min-password-length must be a whole number from 8 to 64"));
}

#[wasm_bindgen_test]
async fn forgot_password_page_renders_heading_and_form() {
    let app = mount_at("/forgot_password", VALID).await;
    assert_eq!(app.text("h1"), "Forgot your password?");
    assert_eq!(app.attribute("input#epr-username", "type").as_deref(), Some("email"));
    assert_eq!(app.attribute("input#epr-username", "autocomplete").as_deref(), Some("username"));
    assert_eq!(app.attribute("label[for=epr-username]", "for").as_deref(), Some("epr-username"));
    assert_eq!(app.text("button[type=submit]"), "Send reset link");
    assert_eq!(app.attribute("main a", "href").as_deref(), Some("/login"));
}

#[wasm_bindgen_test]
async fn change_password_page_opens_from_a_link_built_by_the_shared_link_format() {
    let link = ResetLinkParams {
        username: "ada@example.com".to_owned(),
        token: "abc123".to_owned(),
        password_profile_id: None,
        authentication_realm_id: None,
        user_authentication_password_profile_info_id: None,
    }
    .build("http://127.0.0.1/");
    let address = link.strip_prefix("http://127.0.0.1").expect("a path");
    let app = mount_at(address, VALID).await;
    assert_eq!(app.text("h1"), "Choose a new password");
    let inputs = app.element.query_selector_all("input[autocomplete=new-password]").expect("inputs");
    assert_eq!(inputs.length(), 2);
}

#[wasm_bindgen_test]
async fn unknown_paths_render_the_not_found_view_with_a_way_forward() {
    let app = mount_at("/elsewhere", VALID).await;
    assert_eq!(app.text("h1"), "Page not found");
    assert_eq!(app.attribute("main a", "href").as_deref(), Some("/forgot_password"));
}

#[wasm_bindgen_test]
async fn routes_live_under_the_configured_base_path() {
    let mut attributes = VALID.to_vec();
    attributes.push(("data-base-path", "/account/reset/"));
    let app = mount_at("/account/reset/change_password", &attributes).await;
    assert_eq!(app.text("h1"), "Choose a new password");
    drop(app);
    let app = mount_at("/account/reset/nowhere", &attributes).await;
    assert_eq!(app.text("h1"), "Page not found");
    assert_eq!(app.attribute("main a", "href").as_deref(), Some("/account/reset/forgot_password"));
}

#[wasm_bindgen_test]
async fn pages_carry_the_catalogue_language() {
    let app = mount_at("/forgot_password", VALID).await;
    assert_eq!(app.attribute("main", "lang").as_deref(), Some("en"));
    assert_eq!(app.attribute("main", "dir").as_deref(), Some("ltr"));
}
