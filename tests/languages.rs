//! The page's language in the browser: negotiation from what the page and the browser say, the catalogue
//! fetched on demand, `lang`/`dir` on the component's root, the username isolated in right-to-left text,
//! and core's plural rules against the browser's own CLDR data (`Intl.PluralRules`).
#![cfg(target_arch = "wasm32")]

mod support;

use ep_password_reset::config::locale_sources;
use ep_reset_core::locale::{Locale, negotiate};
use support::{VALID, mount_at};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ARABIC: &str = include_str!("../src/messages/catalogues/ar.txt");

fn run_js(args: &str, body: &str, values: &[JsValue]) {
    let function = js_sys::Function::new_with_args(args, body);
    let array = js_sys::Array::new();
    for value in values {
        array.push(value);
    }
    function.apply(&JsValue::NULL, &array).expect("script runs");
}

/// Makes `navigator.languages` say `tags` until the returned guard is dropped.
struct NavigatorLanguages;

impl NavigatorLanguages {
    fn set(tags: &[&str]) -> Self {
        let list = js_sys::Array::new();
        for tag in tags {
            list.push(&JsValue::from_str(tag));
        }
        run_js(
            "list",
            "Object.defineProperty(navigator, 'languages', { value: list, configurable: true });",
            &[list.into()],
        );
        Self
    }
}

impl Drop for NavigatorLanguages {
    fn drop(&mut self) {
        run_js("", "delete navigator.languages;", &[]);
    }
}

/// Serves `text` for every request to a catalogue file until the returned guard is dropped.
struct ServedCatalogue;

impl ServedCatalogue {
    fn serve(text: &str) -> Self {
        run_js(
            "text",
            "window.__eprFetch = window.fetch; window.fetch = (input, init) => String(input.url || input).includes('/locales/') ? Promise.resolve(new Response(text, { headers: { 'content-type': 'text/plain' } })) : window.__eprFetch(input, init);",
            &[JsValue::from_str(text)],
        );
        Self
    }
}

impl Drop for ServedCatalogue {
    fn drop(&mut self) {
        run_js("", "window.fetch = window.__eprFetch;", &[]);
    }
}

fn html() -> web_sys::Element {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()).expect("<html>")
}

fn negotiated(element: &web_sys::Element) -> Locale {
    negotiate(&locale_sources(element, "", ""))
}

#[wasm_bindgen_test]
fn negotiation_order_attribute_html_lang_navigator_english() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let element = document.create_element("div").expect("div");
    let html = html();
    let before = html.get_attribute("lang");
    let _languages = NavigatorLanguages::set(&["pt-BR", "pl-PL", "de"]);

    html.set_attribute("lang", "fr").expect("lang");
    element.set_attribute("locale", "he-IL").expect("locale");
    element.set_attribute("data-locale", "de").expect("data-locale");
    assert_eq!(negotiated(&element), Locale::He, "the custom element's attribute first");
    element.remove_attribute("locale").expect("remove");
    assert_eq!(negotiated(&element), Locale::De, "then data-locale");
    element.remove_attribute("data-locale").expect("remove");
    assert_eq!(negotiated(&element), Locale::Fr, "then <html lang>");
    html.remove_attribute("lang").expect("remove");
    assert_eq!(negotiated(&element), Locale::Pl, "then the first of navigator.languages with a catalogue");
    drop(_languages);
    let _languages = NavigatorLanguages::set(&["ja", "pt"]);
    assert_eq!(negotiated(&element), Locale::En, "else English");

    if let Some(lang) = before {
        html.set_attribute("lang", &lang).expect("restore lang");
    }
}

#[wasm_bindgen_test]
fn the_link_locale_comes_first_and_a_hostile_one_is_ignored() {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let element = document.create_element("div").expect("div");
    element.set_attribute("data-locale", "nl").expect("data-locale");
    assert_eq!(negotiate(&locale_sources(&element, "?locale=ar", "")), Locale::Ar);
    assert_eq!(negotiate(&locale_sources(&element, "", "#token=x&locale=es-MX")), Locale::Es);
    assert_eq!(negotiate(&locale_sources(&element, "?locale=%3Cscript%3E", "")), Locale::Nl);
}

#[wasm_bindgen_test]
async fn an_arabic_page_is_right_to_left_on_its_root_and_isolates_the_username() {
    let _served = ServedCatalogue::serve(ARABIC);
    let username = "ada.lovelace@example.com";
    let address = format!("/change_password?username={username}&token=abcdef12&locale=ar");
    let app = mount_at(&address, VALID).await;
    assert!(app.wait_for_text("اختر كلمة مرور جديدة").await, "the Arabic catalogue arrived");
    assert_eq!(app.element.get_attribute("dir").as_deref(), Some("rtl"));
    assert_eq!(app.element.get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(app.attribute(".epr-page", "dir").as_deref(), Some("rtl"));
    let bdi = app.find(".epr-account bdi").expect("the username in a <bdi>");
    assert_eq!(bdi.text_content().as_deref(), Some(username));
    // The sentence around it is Arabic, and nothing of the username is outside the <bdi>.
    let sentence = app.text_of(".epr-account");
    assert!(sentence.starts_with("أنت تغيّر"), "{sentence}");
    assert_eq!(sentence.matches(username).count(), 1);
}

#[wasm_bindgen_test]
async fn a_catalogue_that_cannot_be_had_leaves_the_page_in_english() {
    // No file is served to the test runner: the fetch fails, the page still works.
    let app = mount_at("/forgot_password?locale=de", VALID).await;
    assert!(app.wait_for_text("Forgot your password?").await);
    assert_eq!(app.element.get_attribute("lang").as_deref(), Some("de"));
}

#[wasm_bindgen_test]
fn core_plural_rules_agree_with_the_browser_cldr_data() {
    for locale in Locale::ALL {
        let tags = js_sys::Array::of1(&JsValue::from_str(locale.tag()));
        let rules = js_sys::Intl::PluralRules::new(&tags, &js_sys::Object::new());
        for n in (0..=300).chain([1_000, 1_000_000, 2_000_000]) {
            let browser = String::from(rules.select(n as f64));
            assert_eq!(locale.plural(n).as_str(), browser, "{locale:?} {n}");
        }
    }
}
