//! Browser tests of the view layer (`ep_password_reset::dom`): what a region shows and removes, that the
//! bindings of a removed part stop, and that a dropped mount leaves no node, binding or listener behind.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use ep_password_reset::dom::{El, Mount, ev, fragment, nothing, region, text};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> Element {
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let element = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&element).expect("append");
    element
}

/// Lets scheduled effects run.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).map(|list| list.length()).unwrap_or(0)
}

#[wasm_bindgen_test]
async fn a_region_shows_the_part_for_its_key_and_removes_all_of_the_last_one_nested_parts_included_and_a_mount_only_its_own()
 {
    let root = host();
    let own = El::new("i").text("the host's own").node();
    root.append_child(&own).expect("append");
    let (outer, inner) = (RwSignal::new(0_u32), RwSignal::new(false));
    let mount = Mount::new(root.clone(), move || {
        let outer_key = Memo::new(move |_| outer.get());
        let inner_key = Memo::new(move |_| inner.get());
        El::new("div")
            .child(region(outer_key, move |n| {
                let nested =
                    region(
                        inner_key,
                        move |on| {
                            if on { El::new("b").text("nested").node() } else { nothing() }
                        },
                    );
                fragment([El::new("p").text(&format!("part {n}")).node(), nested])
            }))
            .node()
    })
    .expect("a live document");
    assert_eq!(root.text_content().unwrap_or_default(), "the host's ownpart 0");

    // The nested region adds a node after the outer one was built: the outer rebuild must remove it too.
    inner.set(true);
    settle().await;
    assert_eq!(count(&root, "b"), 1);
    outer.set(1);
    settle().await;
    assert_eq!(count(&root, "p"), 1, "one part shown: {:?}", root.text_content());
    assert_eq!(root.text_content().unwrap_or_default(), "the host's ownpart 1nested");

    drop(mount);
    assert_eq!(root.child_nodes().length(), 1, "nothing of the app left behind");
    assert!(
        root.first_child().is_some_and(|node| node.is_same_node(Some(&own))),
        "the host's own node stays"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_bindings_of_a_removed_part_stop_and_the_shown_part_follows_its_signals() {
    let root = host();
    let (shown, words) = (RwSignal::new(true), RwSignal::new("one".to_owned()));
    let runs = Rc::new(Cell::new(0));
    let counted = Rc::clone(&runs);
    let _mount = Mount::new(root.clone(), move || {
        let key = Memo::new(move |_| shown.get());
        region(key, move |on| {
            if !on {
                return text("gone");
            }
            let counted = Rc::clone(&counted);
            El::new("span")
                .bind_attr("title", move || Some(words.get()))
                .bind_text(move || {
                    counted.set(counted.get() + 1);
                    words.get()
                })
                .node()
        })
    })
    .expect("a live document");
    assert_eq!(runs.get(), 1, "a binding runs once when built");
    words.set("two".to_owned());
    settle().await;
    assert_eq!(root.text_content().unwrap_or_default(), "two");
    assert_eq!(
        root.query_selector("span").ok().flatten().and_then(|s| s.get_attribute("title")).as_deref(),
        Some("two")
    );
    assert_eq!(runs.get(), 2);

    shown.set(false);
    settle().await;
    words.set("three".to_owned());
    settle().await;
    assert_eq!(root.text_content().unwrap_or_default(), "gone");
    assert_eq!(runs.get(), 2, "the removed part's binding no longer runs");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_bound_value_follows_typing_and_the_signal_and_a_dropped_mount_stops_listening() {
    let root = host();
    let (value, clicks) = (RwSignal::new("typed".to_owned()), Rc::new(Cell::new(0)));
    let counted = Rc::clone(&clicks);
    let mount = Mount::new(root.clone(), move || {
        fragment([
            El::new("input").bind_value(value).node(),
            El::new("button").on(ev::click, move |_| counted.set(counted.get() + 1)).node(),
        ])
    })
    .expect("a live document");
    let input: HtmlInputElement =
        root.query_selector("input").ok().flatten().expect("input").unchecked_into();
    let button: HtmlElement = root.query_selector("button").ok().flatten().expect("button").unchecked_into();
    assert_eq!(input.value(), "typed");

    input.set_value("by hand");
    input.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
    assert_eq!(value.get_untracked(), "by hand");
    value.set("from the app".to_owned());
    settle().await;
    assert_eq!(input.value(), "from the app");
    button.click();
    assert_eq!(clicks.get(), 1);

    drop(mount);
    button.click();
    input.set_value("after");
    input.dispatch_event(&web_sys::Event::new("input").expect("event")).expect("dispatch");
    assert_eq!(clicks.get(), 1, "no click listener after the mount is dropped");
    assert_eq!(value.get_untracked(), "from the app", "no input listener after the mount is dropped");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_binding_writes_the_dom_only_when_its_value_changes() {
    let root = host();
    let typed = RwSignal::new(1_u32);
    let _mount = Mount::new(root.clone(), move || {
        El::new("p")
            .bind_attr("class", move || Some(if typed.get() > 5 { "long" } else { "short" }.to_owned()))
            .bind_text(move || if typed.get() > 5 { "long".to_owned() } else { "short".to_owned() })
            .node()
    })
    .expect("a live document");
    let paragraph = root.query_selector("p").ok().flatten().expect("p");
    // Changed behind the binding's back: a rerun with the same value must leave it so.
    paragraph.set_attribute("class", "untouched").expect("attribute");
    paragraph.first_child().expect("text").set_text_content(Some("untouched"));
    typed.set(2);
    settle().await;
    assert_eq!(paragraph.get_attribute("class").as_deref(), Some("untouched"));
    assert_eq!(paragraph.text_content().as_deref(), Some("untouched"));
    typed.set(6);
    settle().await;
    assert_eq!(paragraph.get_attribute("class").as_deref(), Some("long"));
    assert_eq!(paragraph.text_content().as_deref(), Some("long"));
    root.remove();
}

#[wasm_bindgen_test]
async fn a_handler_runs_inside_the_owner_it_was_made_in_and_sees_its_context() {
    #[derive(Clone, Copy, Debug, PartialEq)]
    struct Provided(u32);
    let root = host();
    let seen = Rc::new(Cell::new(None));
    let recorded = Rc::clone(&seen);
    let _mount = Mount::new(root.clone(), move || {
        provide_context(Provided(42));
        El::new("button").on(ev::click, move |_| recorded.set(use_context::<Provided>())).node()
    })
    .expect("a live document");
    let button: HtmlElement = root.query_selector("button").ok().flatten().expect("button").unchecked_into();
    button.click();
    assert_eq!(seen.get(), Some(Provided(42)));
    root.remove();
}
