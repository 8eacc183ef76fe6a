//! Browser component tests of the forgot-password form: attributes, validation and failure states.
//!
//! The API base points at a closed loopback port, so every request fails fast as a network error; the
//! realm and profile are configured, so only the profile's rules are read (and that read fails too).
#![cfg(target_arch = "wasm32")]

mod support;

use support::{Mounted, Offline, WITH_IDS, mount_at};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const USERNAME: &str = "#epr-username";

async fn forgot_page(address: &str, extra: &[(&str, &str)]) -> Mounted {
    let attributes: Vec<(&str, &str)> = WITH_IDS.iter().chain(extra).copied().collect();
    mount_at(address, &attributes).await
}

#[wasm_bindgen_test]
async fn the_field_is_an_email_username_field_with_its_label() {
    let app = forgot_page("/forgot_password", &[]).await;
    let input = app.input(USERNAME);
    assert_eq!(input.type_(), "email");
    assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("username"));
    assert!(input.has_attribute("required"));
    let label = Some(app.text_of("label[for=epr-username]"));
    assert_eq!(label.as_deref(), Some("E-mail address"));
    assert!(app.find("[role=status][aria-live=polite]").is_some(), "one polite live region");
}

#[wasm_bindgen_test]
async fn non_email_usernames_get_a_text_field() {
    let app = forgot_page("/forgot_password", &[("username-format", "any")]).await;
    assert_eq!(app.input(USERNAME).type_(), "text");
    let label = Some(app.text_of("label[for=epr-username]"));
    assert_eq!(label.as_deref(), Some("Username"));
}

#[wasm_bindgen_test]
async fn an_empty_username_is_refused_with_an_error_tied_to_the_field() {
    let app = forgot_page("/forgot_password", &[]).await;
    app.click("button[type=submit]");
    assert!(app.wait_for_text("Enter the address you sign in with.").await);
    let input = app.input(USERNAME);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("epr-username-error"));
    assert!(app.find("#epr-username-error").is_some());
}

#[wasm_bindgen_test]
async fn a_network_failure_while_offline_keeps_the_input_and_offers_the_button_again() {
    let _offline = Offline::install();
    let app = forgot_page("/forgot_password", &[]).await;
    app.type_into(USERNAME, "ada@example.com");
    app.click("button[type=submit]");
    assert!(app.wait_for_text("We couldn't reach the store.").await);
    assert_eq!(app.input(USERNAME).value(), "ada@example.com");
    let button = app.find("button[type=submit]").expect("button");
    assert!(!button.has_attribute("disabled"));
    assert_eq!(button.text_content().as_deref(), Some("Send reset link"));
}

#[wasm_bindgen_test]
async fn the_button_says_it_is_sending_and_is_disabled_meanwhile() {
    let app = forgot_page("/forgot_password", &[]).await;
    app.type_into(USERNAME, "ada@example.com");
    app.click("button[type=submit]");
    leptos::task::tick().await;
    let button = app.find("button[type=submit]").expect("button");
    assert_eq!(button.text_content().as_deref(), Some("Sending…"));
    assert!(button.has_attribute("disabled"));
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn a_username_in_the_address_is_prefilled_then_removed_from_it() {
    let app = forgot_page("/forgot_password?username=grace%40example.com&x=1", &[]).await;
    assert!(app.wait_until(|app| app.input(USERNAME).value() == "grace@example.com").await);
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    assert_eq!(search, "?x=1");
}

#[wasm_bindgen_test]
async fn a_network_failure_while_online_waits_like_a_rate_limit() {
    // A 429 or 5xx without CORS headers reaches the page exactly like this closed port: a network error.
    let app = forgot_page("/forgot_password", &[]).await;
    app.type_into(USERNAME, "ada@example.com");
    app.click("button[type=submit]");
    assert!(app.wait_for_text("Too many requests right now. Please wait").await, "{}", app.text());
    assert!(!app.text().contains("couldn't reach the store"));
    assert_eq!(app.input(USERNAME).value(), "ada@example.com");
    let button = app.find("button[type=submit]").expect("button");
    assert!(button.has_attribute("disabled"), "no new request during the wait");
    assert!(button.text_content().is_some_and(|label| label.starts_with("Try again in ")));
    // The wait counts down and ends (the first backoff is at most 2 s).
    assert!(
        app.wait_until(|app| app.text_of("button[type=submit]") == "Send reset link").await,
        "{}",
        app.text()
    );
}
