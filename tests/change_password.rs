//! Browser component tests of the change-password page: the form's attributes, the link handling, the
//! checks that send nothing, and the failure states.
//!
//! The API base points at a closed loopback port, so any request fails fast as a network error. A test
//! that expects "no request" watches `fetch` ([`FetchSpy`]) and the page for a while: no request to the
//! store and no network notice.
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;

use support::{FetchSpy, Mounted, VALID, WITH_IDS, mount_at};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlFormElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

const LINK: &str = "/change_password?username=ada%40example.com&token=abc123";
const NEW: &str = "#epr-new-password";
const CONFIRM: &str = "#epr-confirm-password";
const GOOD_PASSWORD: &str = "a fresh new passphrase 42";

/// Where every request to the store goes (a closed port: each fails at once).
const API: &str = "http://127.0.0.1:9/";

async fn page(address: &str) -> Mounted {
    mount_at(address, WITH_IDS).await
}

/// The page at `address`, with its requests recorded from before it mounts; returns once the page-load
/// requests were made: the token prefetch, then the configured password profile's read, which asks for a
/// token again because the first attempt failed (so that read never gets further than the token).
async fn watched_page(address: &str) -> (Mounted, FetchSpy) {
    let spy = FetchSpy::install();
    let app = page(address).await;
    assert!(
        app.wait_until(|_| spy.count("/oauth/access_token") >= 2).await,
        "the token is prefetched on load, and asked for again by the profile read: {:?}",
        spy.urls()
    );
    (app, spy)
}

/// Asserts that since `before` requests to the store, none was made and no network notice appeared.
/// A request to the closed port is made and fails within milliseconds; the 2 s wait leaves it ample time.
async fn assert_nothing_sent(app: &Mounted, spy: &FetchSpy, before: usize) {
    let sent = app
        .wait_until_within(Duration::from_secs(2), |app| {
            spy.count(API) > before || app.text().contains("couldn't reach the store")
        })
        .await;
    assert!(!sent, "no request was sent: {:?}", spy.urls());
}

async fn submit(app: &Mounted) {
    let form: HtmlFormElement = app.find("form").expect("a form").unchecked_into();
    let _ = form.request_submit();
    leptos::task::tick().await;
}

fn location() -> (String, String) {
    let location = web_sys::window().expect("window").location();
    (location.search().unwrap_or_default(), location.hash().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn the_link_is_read_then_removed_from_the_address() {
    let app = page("/change_password?username=ada%40example.com&token=abc123&utm_source=mail#section").await;
    assert_eq!(location(), ("?utm_source=mail".to_owned(), "#section".to_owned()));
    assert!(app.text().contains("You're changing the password for ada@example.com."));
}

#[wasm_bindgen_test]
async fn the_form_gives_password_managers_what_they_need() {
    let app = page(LINK).await;
    assert_eq!(app.text_of("h1"), "Choose a new password");
    let username = app.input("#epr-username");
    assert_eq!(username.get_attribute("autocomplete").as_deref(), Some("username"));
    assert_eq!(username.value(), "ada@example.com");
    assert!(username.class_list().contains("epr-visually-hidden"), "visually hidden, not display:none");
    assert!(username.read_only());
    for selector in [NEW, CONFIRM] {
        let input = app.input(selector);
        assert_eq!(input.type_(), "password");
        assert_eq!(input.get_attribute("autocomplete").as_deref(), Some("new-password"));
        assert_eq!(input.get_attribute("passwordrules").as_deref(), Some("minlength: 8; maxlength: 256;"));
        assert!(input.get_attribute("maxlength").is_none(), "no UTF-16 truncation");
        let label = format!("label[for={}]", &selector[1..]);
        assert!(app.find(&label).is_some(), "{selector} has a label");
    }
    assert!(app.find("[autocomplete=one-time-code]").is_none(), "the link carries the code");
    assert_eq!(app.count("[aria-live]"), 1, "one polite live region");
    assert_eq!(app.attribute("[aria-live]", "aria-live").as_deref(), Some("polite"));
    let described = app.attribute(NEW, "aria-describedby").unwrap_or_default();
    assert!(described.contains("epr-requirements") && described.contains("epr-strength"), "{described}");
}

#[wasm_bindgen_test]
async fn the_toggle_shows_and_hides_the_password_and_submit_masks_it_again() {
    let app = page(LINK).await;
    let toggle = format!("button[aria-controls={}]", &NEW[1..]);
    assert_eq!(app.attribute(&toggle, "aria-pressed").as_deref(), Some("false"));
    assert_eq!(app.text_of(&toggle), "Show password");
    app.click(&toggle);
    leptos::task::tick().await;
    assert_eq!(app.input(NEW).type_(), "text");
    assert_eq!(app.attribute(&toggle, "aria-pressed").as_deref(), Some("true"));
    submit(&app).await;
    assert_eq!(app.input(NEW).type_(), "password", "masked again on submit");
}

#[wasm_bindgen_test]
async fn a_mismatch_sends_nothing_says_what_to_fix_and_keeps_the_input() {
    let (app, spy) = watched_page(LINK).await;
    let before = spy.count(API);
    app.type_into(NEW, GOOD_PASSWORD);
    app.type_into(CONFIRM, "a fresh new passphrase 43");
    submit(&app).await;
    assert!(app.wait_for_text("The two passwords don't match.").await);
    assert_eq!(app.attribute(CONFIRM, "aria-invalid").as_deref(), Some("true"));
    let described = app.attribute(CONFIRM, "aria-describedby").unwrap_or_default();
    assert!(described.contains("epr-confirm-password-error"), "{described}");
    assert_eq!(app.input(NEW).value(), GOOD_PASSWORD);
    assert_eq!(app.input(CONFIRM).value(), "a fresh new passphrase 43");
    assert_nothing_sent(&app, &spy, before).await;
    assert_eq!(app.text_of("button[type=submit]"), "Change password");
}

#[wasm_bindgen_test]
async fn short_passwords_and_the_username_are_refused_before_sending() {
    let (app, spy) = watched_page(LINK).await;
    let before = spy.count(API);
    app.type_into(NEW, "short");
    app.type_into(CONFIRM, "short");
    submit(&app).await;
    assert!(app.wait_for_text("Use at least 8 characters; this one has 5.").await);
    assert_eq!(app.attribute(NEW, "aria-invalid").as_deref(), Some("true"));
    app.type_into(NEW, "Ada@Example.com");
    app.type_into(CONFIRM, "Ada@Example.com");
    assert!(
        app.wait_for_text("Don't use your username or e-mail name").await,
        "errors follow the input live"
    );
    assert_nothing_sent(&app, &spy, before).await;
}

#[wasm_bindgen_test]
async fn the_checklist_follows_the_input_in_code_points() {
    let app = page(LINK).await;
    let min_item = "#epr-requirements li:first-child";
    assert_eq!(app.attribute(min_item, "class").as_deref(), Some("epr-unmet"));
    app.type_into(NEW, "🦆🦆🦆🦆🦆🦆🦆🦆");
    assert!(app.wait_until(|app| app.attribute(min_item, "class").as_deref() == Some("epr-met")).await);
    assert!(app.text_of("#epr-strength").starts_with("Strength:"));
}

#[wasm_bindgen_test]
async fn the_minimum_length_comes_from_configuration() {
    let mut attributes = WITH_IDS.to_vec();
    attributes.push(("min-password-length", "12"));
    let app = mount_at(LINK, &attributes).await;
    assert_eq!(app.attribute(NEW, "passwordrules").as_deref(), Some("minlength: 12; maxlength: 256;"));
    assert!(app.text_of("#epr-requirements").contains("has at least 12 characters"));
}

#[wasm_bindgen_test]
async fn caps_lock_is_announced_with_the_field() {
    let app = page(LINK).await;
    let caps = "#epr-new-password-caps";
    assert!(app.find(caps).is_some_and(|e| e.has_attribute("hidden")));
    let init = KeyboardEventInit::new();
    init.set_key("A");
    init.set_modifier_caps_lock(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    app.input(NEW).dispatch_event(&event).expect("dispatch");
    leptos::task::tick().await;
    assert!(app.find(caps).is_some_and(|e| !e.has_attribute("hidden")));
    assert_eq!(app.text_of(caps), "Caps Lock is on.");
    assert!(app.attribute(NEW, "aria-describedby").unwrap_or_default().contains("epr-new-password-caps"));
}

#[wasm_bindgen_test]
async fn without_a_link_the_code_can_be_typed() {
    let (app, spy) = watched_page("/change_password").await;
    assert_eq!(app.text_of("h1"), "Choose a new password");
    let username = app.input("#epr-username");
    assert_eq!(username.type_(), "email");
    assert_eq!(username.get_attribute("autocomplete").as_deref(), Some("username"));
    assert!(!username.read_only());
    let code = app.input("#epr-code");
    assert_eq!(code.get_attribute("autocomplete").as_deref(), Some("one-time-code"));
    assert!(app.find("#epr-broken-link").is_none(), "no link is not a broken link");
    app.type_into(NEW, GOOD_PASSWORD);
    app.type_into(CONFIRM, GOOD_PASSWORD);
    let before = spy.count(API);
    submit(&app).await;
    assert!(app.wait_for_text("Enter the code from the e-mail.").await);
    assert!(app.text().contains("Enter the address you sign in with."));
    assert_eq!(app.attribute("#epr-code", "aria-invalid").as_deref(), Some("true"));
    assert_nothing_sent(&app, &spy, before).await;
}

#[wasm_bindgen_test]
async fn a_broken_link_offers_the_typed_code_with_the_username_kept() {
    let app = page("/change_password?username=ada%40example.com&token=%3Cscript%3E").await;
    assert!(app.find("#epr-broken-link").is_some());
    assert!(app.wait_until(|app| app.input("#epr-username").value() == "ada@example.com").await);
    assert!(app.find("#epr-code").is_some());
    assert_eq!(location().0, "", "the broken link is removed from the address too");
}

#[wasm_bindgen_test]
async fn a_network_failure_keeps_the_input_and_offers_to_try_again() {
    let (app, spy) = watched_page(LINK).await;
    app.type_into(NEW, GOOD_PASSWORD);
    app.type_into(CONFIRM, GOOD_PASSWORD);
    let before = spy.count(API);
    submit(&app).await;
    assert!(app.wait_for_text("We couldn't reach the store").await);
    // The other side of the "nothing sent" checks: a valid submit is seen by the spy.
    assert!(spy.count(API) > before, "the submit reached for the store: {:?}", spy.urls());
    assert!(app.wait_until(|app| app.text_of("button[type=submit]") == "Try again").await);
    assert_eq!(app.input(NEW).value(), GOOD_PASSWORD);
    assert_eq!(app.input(CONFIRM).value(), GOOD_PASSWORD);
    assert!(app.find("#epr-form-notice").is_some_and(|e| !e.has_attribute("hidden")));
}

#[wasm_bindgen_test]
async fn usernames_from_links_are_text_never_markup() {
    let app = mount_at(
        "/change_password?username=%22%3E%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E&token=abc123",
        VALID,
    )
    .await;
    assert!(app.text().contains("\"><img src=x"));
    assert_eq!(app.count("img"), 0);
}

#[wasm_bindgen_test]
async fn the_page_takes_the_opened_address_and_no_raw_copy_of_the_link_is_left() {
    use ep_password_reset::address_bar::{self, Address};
    use ep_password_reset::dom::Mount;
    use ep_password_reset::{messages, pages::change_password_page, store};
    use ep_reset_core::config::Config;
    use leptos::prelude::*;

    // The address bar was cleaned at start-up: only the app's memory holds the link.
    let window = web_sys::window().expect("window");
    let history = window.history().expect("history");
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/change_password"))
        .expect("replaceState");
    let opened = Address {
        pathname: "/change_password".into(),
        search: "?username=ada%40example.com&token=abc123".into(),
        hash: String::new(),
    };
    let config = Config::from_attributes(|name| {
        WITH_IDS.iter().find(|(attribute, _)| *attribute == name).map(|(_, value)| (*value).to_owned())
    })
    .expect("a valid configuration");
    let document = window.document().expect("document");
    let element: web_sys::HtmlElement = document.create_element("div").expect("div").unchecked_into();
    document.body().expect("body").append_child(&element).expect("append");

    let owner = Owner::new();
    let handle = owner.with(|| {
        address_bar::provide(opened);
        let store = store::connect(
            config,
            messages::Messages::english(),
            ep_password_reset::asset::Assets::default(),
        );
        Mount::new(element.clone().into(), move || change_password_page(store))
    });
    leptos::task::tick().await;
    let text = element.text_content().unwrap_or_default();
    assert!(text.contains("ada@example.com"), "the page read the link: {text}");
    let left = owner.with(address_bar::take_address);
    assert_eq!(left.search, "", "the context holds no copy of the link");
    drop(handle);
    element.remove();
}
