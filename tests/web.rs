//! Browser component tests: the app mounted into a real page in headless Chromium.
//!
//! Each test sets the address, creates an `<ep-password-reset>` element with attributes, mounts the app into it
//! and asserts on the rendered DOM. Run with `cargo xtask test` (or
//! `cargo test --target wasm32-unknown-unknown --test web` with the runner installed).
#![cfg(target_arch = "wasm32")]

mod support;

use ep_reset_link::ResetLinkParams;
use support::{VALID, mount_at};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn missing_client_id_renders_a_readable_message_for_shopper_and_store_owner() {
    let app = mount_at("/forgot_password", &[("api-base", "https://api.example.com")]).await;
    assert_eq!(app.text_of("h1"), "Password reset is unavailable");
    assert!(app.text_of(".epr-page").contains("can't reset passwords right now"));
    assert_eq!(app.text_of("li"), "The attribute client-id is missing.");
    assert!(app.find("form").is_none(), "no form on a misconfigured page");
}

#[wasm_bindgen_test]
async fn every_configuration_problem_is_listed() {
    let app =
        mount_at("/forgot_password", &[("api-base", "http://shop.example"), ("min-password-length", "4")])
            .await;
    assert_eq!(app.count("li"), 3, "api base, client id and minimum length");
    assert!(app.text_of(".epr-page").contains("api-base must be an https:// URL"));
    assert!(app.text_of(".epr-page").contains("min-password-length must be a whole number from 8 to 64"));
}

#[wasm_bindgen_test]
async fn forgot_password_page_renders_heading_and_form() {
    let app = mount_at("/forgot_password", VALID).await;
    assert_eq!(app.text_of("h1"), "Forgot your password?");
    assert_eq!(app.attribute("input#epr-username", "type").as_deref(), Some("email"));
    assert_eq!(app.attribute("input#epr-username", "autocomplete").as_deref(), Some("username"));
    assert_eq!(app.attribute("label[for=epr-username]", "for").as_deref(), Some("epr-username"));
    assert_eq!(app.text_of("button[type=submit]"), "Send reset link");
    assert_eq!(app.attribute(".epr-page a", "href").as_deref(), Some("/login"));
}

#[wasm_bindgen_test]
async fn change_password_page_opens_from_a_link_built_by_the_shared_link_format() {
    let link = ResetLinkParams {
        username: "ada@example.com".to_owned(),
        token: "abc123".to_owned(),
        password_profile_id: None,
        authentication_realm_id: None,
        user_authentication_password_profile_info_id: None,
        locale: None,
    }
    .build("http://127.0.0.1/");
    let address = link.strip_prefix("http://127.0.0.1").expect("a path");
    let app = mount_at(address, VALID).await;
    assert_eq!(app.text_of("h1"), "Choose a new password");
    assert_eq!(app.count("input[autocomplete=new-password]"), 2);
}

#[wasm_bindgen_test]
async fn unknown_paths_render_the_not_found_view_with_a_way_forward() {
    let app = mount_at("/elsewhere", VALID).await;
    assert_eq!(app.text_of("h1"), "Page not found");
    assert_eq!(app.attribute(".epr-page a", "href").as_deref(), Some("/forgot_password"));
}

#[wasm_bindgen_test]
async fn routes_live_under_the_configured_base_path() {
    let mut attributes = VALID.to_vec();
    attributes.push(("base-path", "/account/reset/"));
    let app = mount_at("/account/reset/change_password", &attributes).await;
    assert_eq!(app.text_of("h1"), "Choose a new password");
    drop(app);
    let app = mount_at("/account/reset/nowhere", &attributes).await;
    assert_eq!(app.text_of("h1"), "Page not found");
    assert_eq!(app.attribute(".epr-page a", "href").as_deref(), Some("/account/reset/forgot_password"));
}

#[wasm_bindgen_test]
async fn pages_carry_the_catalogue_language() {
    let app = mount_at("/forgot_password", VALID).await;
    assert_eq!(app.attribute(".epr-page", "lang").as_deref(), Some("en"));
    assert_eq!(app.attribute(".epr-page", "dir").as_deref(), Some("ltr"));
}

#[wasm_bindgen_test]
async fn the_countdown_clock_reads_the_real_time_between_its_ticks() {
    use ep_password_reset::time::{now_ms, sleep, use_ticking_now};
    let owner = leptos::prelude::Owner::new();
    let now = owner.with(use_ticking_now);
    // Between two ticks (one a second): a clock that returned the last tick's time would be ~600 ms old,
    // and a 60 s cooldown would read 61 s.
    sleep(std::time::Duration::from_millis(600)).await;
    let read = owner.with(|| leptos::prelude::untrack(|| now.now()));
    let lag = now_ms().saturating_sub(read);
    assert!(lag < 200, "the clock lagged {lag} ms behind");
}

#[wasm_bindgen_test]
fn the_browsers_unicode_data_is_rusts() {
    use ep_password_reset::host::UNICODE;
    // ASCII, Latin with diacritics, final and medial sigma, dotted capital I (lengthens), sharp S,
    // title-case digraph, Cyrillic, Armenian, Cherokee, and an astral-plane script (Deseret).
    for text in [
        "Ada.Lovelace@Example.ORG",
        "ÉLODIE.MÜLLER@MÜNCHEN.DE",
        "ΟΔΥΣΣΕΥΣ Σ ΣΑ.Σ",
        "İSTANBUL",
        "STRAẞE",
        "ǅemal",
        "ПАРОЛЬ",
        "ԱՐԱՄ",
        "ᏣᎳᎩ",
        "𐐔𐐯𐑅𐐨𐑉𐐯𐐻",
        "",
    ] {
        assert_eq!(UNICODE.lowercase(text), text.to_lowercase(), "{text:?}");
    }
    // Letters of every kind (marks that are Alphabetic, letter numbers, modifier and CJK letters) and
    // non-letters (digits of other scripts, symbols, marks that are not, emoji).
    for text in [
        "2024!", "x", "é", "ª", "ǅ", "Ⅷ", "ㄱ", "中", "ʰ", "\u{345}", "𐐔", "٣", "€½", "\u{301}", "😀",
        "_ -.", "",
    ] {
        let rust = text.chars().any(char::is_alphabetic);
        assert_eq!(UNICODE.has_letter(text), rust, "{text:?}");
    }
}

/// The element's lifecycle as its loader drives it: mount a fresh app, hear `ep-reset-ready`, unmount
/// (the element is left empty), and again.
#[wasm_bindgen_test]
async fn the_element_mounts_a_fresh_app_and_unmounts_cleanly_twice() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let element: web_sys::HtmlElement =
        document.create_element("ep-password-reset").expect("element").unchecked_into();
    for (name, value) in VALID.iter().chain([&("view", "forgot")]) {
        element.set_attribute(name, value).expect("attribute");
    }
    document.body().expect("body").append_child(&element).expect("append");
    let heard = Rc::new(RefCell::new(Vec::new()));
    let listener = {
        let heard = Rc::clone(&heard);
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            heard.borrow_mut().push((event.type_(), event.bubbles(), event.composed()));
        })
    };
    element
        .add_event_listener_with_callback("ep-reset-ready", listener.as_ref().unchecked_ref())
        .expect("listen");
    for round in 1..=2 {
        let mut app = ep_password_reset::MountedApp::mount(element.clone(), js_sys::Object::new());
        for _ in 0..100 {
            if heard.borrow().len() >= round {
                break;
            }
            ep_password_reset::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(heard.borrow().len(), round, "one ready event per mount");
        assert_eq!(heard.borrow()[round - 1], ("ep-reset-ready".to_owned(), true, true), "round {round}");
        assert_eq!(element.query_selector_all("h1").expect("query").length(), 1, "one app, round {round}");
        assert!(element.query_selector("form input[autocomplete=username]").expect("query").is_some());
        app.unmount();
        assert_eq!(element.child_element_count(), 0, "nothing left behind, round {round}");
        app.unmount();
    }
    element.remove();
}
