//! Browser tests of what the view layer promises beyond building nodes: handlers get their event's own
//! type, a mount without a live document fails at once (and the element says so), focus moves by
//! handle, and the one `Field` widget ties its error to its input.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use ep_password_reset::components::Field;
use ep_password_reset::dom::{El, Mount, MountError, NodeRef, ev, fragment, nothing, region, text};
use ep_password_reset::focus::{Pick, focus_now};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, MouseEvent};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn host() -> Element {
    let element = document().create_element("div").expect("div");
    document().body().expect("body").append_child(&element).expect("append");
    element
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).ok().flatten().expect(selector)
}

/// A document made by script (as `DOMParser` or a `<template>` make): no window shows it.
fn windowless_document() -> web_sys::Document {
    let implementation = document().implementation().expect("implementation");
    implementation.create_html_document_with_title("").expect("a document")
}

fn focused_id() -> Option<String> {
    document().active_element().map(|element| element.id())
}

#[wasm_bindgen_test]
fn a_handler_gets_its_event_as_the_type_the_event_name_promises() {
    let root = host();
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let (keys, clicks) = (Rc::clone(&seen), Rc::clone(&seen));
    let _mount = Mount::new(root.clone(), move || {
        El::new("input")
            .on(ev::keydown, move |event: KeyboardEvent| {
                keys.borrow_mut().push(format!("key {}", event.key()))
            })
            .on(ev::click, move |event: MouseEvent| {
                clicks.borrow_mut().push(format!("click {}", event.detail()))
            })
            .node()
    })
    .expect("a live document");
    let input: HtmlElement = find(&root, "input").unchecked_into();
    let init = KeyboardEventInit::new();
    init.set_key("Q");
    let key = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    input.dispatch_event(&key).expect("dispatch");
    input.click();
    assert_eq!(*seen.borrow(), ["key Q", "click 0"]);
    root.remove();
}

#[wasm_bindgen_test]
fn a_mount_in_an_element_without_a_shown_document_fails_at_once_and_builds_nothing() {
    let detached = windowless_document();
    let parent = detached.create_element("div").expect("div");
    let built = Rc::new(RefCell::new(false));
    let flag = Rc::clone(&built);
    let mount = Mount::new(parent.clone(), move || {
        *flag.borrow_mut() = true;
        nothing()
    });
    assert_eq!(mount.err(), Some(MountError::NoDocument));
    assert!(!*built.borrow(), "the view is never built");
    assert_eq!(parent.child_nodes().length(), 0, "nothing was added");
}

#[wasm_bindgen_test]
fn the_app_mounted_in_an_element_without_a_shown_document_says_so_with_an_error_event() {
    let detached = windowless_document();
    let element: HtmlElement =
        detached.create_element("ep-password-reset").expect("element").unchecked_into();
    let codes = Rc::new(RefCell::new(Vec::<String>::new()));
    let recorded = Rc::clone(&codes);
    let listener = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |event: web_sys::CustomEvent| {
        let code =
            js_sys::Reflect::get(&event.detail(), &"code".into()).ok().and_then(|code| code.as_string());
        recorded.borrow_mut().push(code.unwrap_or_default());
    });
    element
        .add_event_listener_with_callback("ep-reset-error", listener.as_ref().unchecked_ref())
        .expect("listen");
    let mounted = ep_password_reset::mount(element.clone(), ep_password_reset::asset::Assets::default());
    assert!(mounted.is_err());
    assert_eq!(*codes.borrow(), ["no-document"], "one error event, once, at mount");
    assert_eq!(element.child_nodes().length(), 0);
}

#[wasm_bindgen_test]
async fn focus_goes_by_handle_to_the_first_candidate_that_qualifies_and_skips_removed_parts() {
    let root = host();
    let (first, second, notice) = (RwSignal::new(None), RwSignal::new(None), RwSignal::new(None));
    let shown = RwSignal::new(true);
    let _mount = Mount::new(root.clone(), move || {
        let (a, b, n) = (NodeRef::new(), NodeRef::new(), NodeRef::new());
        first.set(Some(a));
        second.set(Some(b));
        notice.set(Some(n));
        let key = Memo::new(move |_| shown.get());
        fragment([
            region(
                key,
                move |on| if on { El::new("input").attr("id", "a").node_ref(a).node() } else { nothing() },
            ),
            El::new("input").attr("id", "b").attr("aria-invalid", "true").node_ref(b).node(),
            El::new("p").attr("id", "n").attr("tabindex", "-1").flag("hidden").node_ref(n).node(),
        ])
    })
    .expect("a live document");
    let (a, b, n) =
        (first.get_untracked().unwrap(), second.get_untracked().unwrap(), notice.get_untracked().unwrap());

    focus_now(Pick::First, &[a, b]);
    assert_eq!(focused_id().as_deref(), Some("a"));
    focus_now(Pick::Invalid, &[a, b]);
    assert_eq!(focused_id().as_deref(), Some("b"), "the first one marked invalid");
    focus_now(Pick::Shown, &[n]);
    assert_eq!(focused_id().as_deref(), Some("b"), "a hidden notice takes no focus");

    shown.set(false);
    settle().await;
    assert!(a.get().is_none(), "the handle of a removed part is empty");
    focus_now(Pick::First, &[a, b]);
    assert_eq!(focused_id().as_deref(), Some("b"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_field_ties_its_error_and_notes_to_its_input_only_while_they_apply() {
    let root = host();
    let (error, caps) = (RwSignal::new(None::<String>), RwSignal::new(false));
    let _mount = Mount::new(root.clone(), move || {
        let shown_error = Memo::new(move |_| error.get());
        Field {
            described_by: "help",
            also_describing: Some(("caps".to_owned(), caps)),
            notes: vec![El::new("p").attr("id", "help").text("Help").node()],
            ..Field::new("pin", text("PIN"), El::new("input"), "pin-error".to_owned(), shown_error)
        }
        .render()
    })
    .expect("a live document");
    let input = find(&root, "input#pin");
    let message = find(&root, "p#pin-error");
    assert_eq!(find(&root, "label").get_attribute("for").as_deref(), Some("pin"));
    assert_eq!(input.get_attribute("aria-invalid"), None);
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("help"));
    assert!(message.has_attribute("hidden"));

    error.set(Some("Too short".to_owned()));
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("help pin-error"));
    assert!(!message.has_attribute("hidden"));
    assert_eq!(message.text_content().as_deref(), Some("Too short"));

    caps.set(true);
    settle().await;
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("help pin-error caps"));

    error.set(None);
    settle().await;
    assert_eq!(input.get_attribute("aria-invalid"), None, "absent, not \"false\"");
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("help caps"));
    assert!(message.has_attribute("hidden"));
    root.remove();
}
