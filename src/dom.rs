//! The app's view layer: elements built with `web-sys`, their changing parts bound to Leptos' reactive
//! graph, without Leptos' own renderer (which would cost about a fifth of the page's bytes).
//!
//! If you know `view!`, each thing it writes has one spelling here:
//!
//! | `view!`                                   | here                                                      |
//! |-------------------------------------------|-----------------------------------------------------------|
//! | `<p class="x">"Hi"</p>`                   | `El::new("p").attr("class", "x").text("Hi")`              |
//! | `<input required/>`                       | `El::new("input").flag("required")`                       |
//! | `<p>{move \|\| words.get()}</p>`          | `El::new("p").bind_text(move \|\| words.get())`           |
//! | `<a href=move \|\| Some(url.get())/>`     | `El::new("a").bind_attr("href", move \|\| Some(url.get()))` |
//! | `<p hidden=move \|\| gone.get()/>`        | `El::new("p").bind_flag("hidden", move \|\| gone.get())`  |
//! | `aria-invalid=move \|\| bad.get().then_some("true")` | `.bind_aria("aria-invalid", move \|\| bad.get())` |
//! | `<input bind:value=value/>`               | `El::new("input").bind_value(value)`                      |
//! | `on:click=move \|_\| …`                   | `.on(ev::click, move \|event: MouseEvent\| …)`            |
//! | `node_ref=heading`                        | `.node_ref(heading)` with `let heading = NodeRef::new();` |
//! | `<Show when=…>` / `{move \|\| match …}`   | [`region`]`(key_memo, move \|key\| …)`                    |
//! | `<A/><B/>` (several roots)                | [`fragment`]`([a, b])`                                    |
//! | `<Widget prop=x>children</Widget>`        | `Widget { prop: x, children: vec![…], ..Widget::new(…) }.render()` |
//! | `mount_to(parent, App)`                   | [`Mount::new`]`(parent, app)`, which fails if there is no live document |
//!
//! Widgets follow Leptos' component conventions without the macro: a struct of named props (the required
//! ones through its `new`, the rest defaulted), children as [`Node`]s, and a `render(self) -> Node`.
//!
//! Each binding ([`El::bind_attr`], [`El::bind_text`], [`region`], …) is one `RenderEffect` owned by the
//! current reactive owner, and each listener ([`El::on`], [`listen`]) is removed by that owner, so both
//! stop when it is cleaned up: a [`region`] rebuilding, or [`Mount`] being dropped. Bindings are
//! type-erased at once (`Box<dyn Fn>`), so every binding shares one compiled effect instead of one per
//! closure: this is what keeps the WASM small (the numbers are in `docs/size-and-speed.md`).
//!
//! Nothing here panics or fails after [`Mount::new`]: it fails once if the host element has no live
//! document, and from then on the page's document is there. The app's tag and attribute names are
//! constants, so no DOM call with them fails.

use std::borrow::Cow;
use std::cell::RefCell;

use leptos::ev::EventDescriptor;
use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    Comment, DocumentFragment, Element, Event, EventTarget, HtmlElement, HtmlInputElement, Node, Text,
};

pub use leptos::ev;

#[wasm_bindgen]
extern "C" {
    /// The window's document: the app builds its nodes in it. Read only once [`Mount::new`] has seen it.
    type PageDocument;

    #[wasm_bindgen(thread_local_v2, js_name = document)]
    static DOCUMENT: PageDocument;

    // Without `catch`, unlike `web-sys`': it throws only for an invalid tag name, and the app's are
    // constants.
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &PageDocument, tag: &str) -> Element;

    #[wasm_bindgen(method, js_name = createTextNode)]
    fn create_text_node(this: &PageDocument, text: &str) -> Text;

    #[wasm_bindgen(method, js_name = createComment)]
    fn create_comment(this: &PageDocument, text: &str) -> Comment;

    #[wasm_bindgen(method, js_name = createDocumentFragment)]
    fn create_document_fragment(this: &PageDocument) -> DocumentFragment;
}

/// A text node with `text`.
pub fn text(text: &str) -> Node {
    DOCUMENT.with(|document| document.create_text_node(text).into())
}

/// A node that renders nothing (an empty comment): a region's marker, or a view with nothing to show.
pub fn nothing() -> Node {
    DOCUMENT.with(|document| document.create_comment("").into())
}

/// Several nodes as one (a document fragment: inserting it inserts its children).
pub fn fragment(nodes: impl IntoIterator<Item = Node>) -> Node {
    let fragment = DOCUMENT.with(PageDocument::create_document_fragment);
    for node in nodes {
        let _ = fragment.append_child(&node);
    }
    fragment.into()
}

/// A text node whose words follow `words`.
pub fn bound_text(words: impl Fn() -> String + 'static) -> Node {
    boxed_text(Box::new(words))
}

fn boxed_text(text: Box<dyn Fn() -> String>) -> Node {
    let node = self::text("");
    let target = node.clone();
    bind(text, Box::new(move |text: &String| target.set_text_content(Some(text))));
    node
}

/// Calls `apply` with `value()` now and again whenever that changes. Only a new value touches the DOM:
/// a signal that changes without changing the words or the attribute (each keystroke re-checks the
/// password, most leave the checklist as it was) writes nothing, so nothing is re-read or re-laid out.
fn bind<T: PartialEq + 'static>(value: Box<dyn Fn() -> T>, apply: Box<dyn Fn(&T)>) {
    let shown = RefCell::new(None::<T>);
    effect(Box::new(move || {
        let next = value();
        let changed = shown.borrow().as_ref() != Some(&next);
        if changed {
            apply(&next);
            shown.replace(Some(next));
        }
    }));
}

/// Runs `run` now and again whenever a signal it read changes, until the current owner is cleaned up.
fn effect(run: Box<dyn Fn()>) {
    let effect = RenderEffect::new(move |_| run());
    on_cleanup(move || drop(effect));
}

/// Calls `handler` for each `event` on `target` (the window, say) until the current owner is cleaned
/// up, inside that owner (so the handler sees the page's context, as the rest of its page does).
pub fn listen<E>(target: &EventTarget, event: E, handler: impl FnMut(E::EventType) + 'static)
where
    E: EventDescriptor,
    E::EventType: JsCast,
{
    attach(target, event.name(), typed(handler));
}

/// `handler` taking the event as the type its name promises (a `click` is a `MouseEvent`).
fn typed<T: JsCast>(mut handler: impl FnMut(T) + 'static) -> Box<dyn FnMut(Event)> {
    Box::new(move |event: Event| handler(event.unchecked_into()))
}

fn attach(target: &EventTarget, event: Cow<'static, str>, mut handler: Box<dyn FnMut(Event)>) {
    let owner = Owner::current();
    let closure = Closure::wrap(Box::new(move |event: Event| match &owner {
        Some(owner) => owner.with(|| handler(event)),
        None => handler(event),
    }) as Box<dyn FnMut(Event)>);
    let _ = target.add_event_listener_with_callback(&event, closure.as_ref().unchecked_ref());
    let attached = SendWrapper::new((target.clone(), closure));
    on_cleanup(move || {
        let (target, closure) = attached.take();
        let _ = target.remove_event_listener_with_callback(&event, closure.as_ref().unchecked_ref());
    });
}

/// The nodes `build` returns for the current value of `key`, built anew each time `key` changes (the old
/// nodes' bindings stop first). `build` itself is not tracked.
pub fn region<K: Clone + PartialEq + Send + Sync + 'static>(
    key: Memo<K>,
    build: impl Fn(K) -> Node + 'static,
) -> Node {
    rebuilt(Box::new(move || key.with(|_| ())), Box::new(move || build(key.get_untracked())))
}

/// The nodes `build` returns, built anew whenever a signal that `track` reads changes.
fn rebuilt(track: Box<dyn Fn()>, build: Box<dyn Fn() -> Node>) -> Node {
    // The region is what lies between two markers: nodes a nested region added later are inside too, so
    // a rebuild removes them as well. Until the region is inserted, the markers wait in a fragment.
    let (holder, start, end) = (fragment([]), nothing(), nothing());
    let _ = holder.append_child(&start);
    let _ = holder.append_child(&end);
    // The effect's owner is cleaned before each run, so the previous nodes' bindings stop with it.
    effect(Box::new(move || {
        track();
        let built = untrack(&build);
        if let Some(parent) = remove_between(&start, &end) {
            let _ = parent.insert_before(&built, Some(&end));
        }
    }));
    holder
}

/// Removes the nodes between the markers `start` and `end`; returns their parent (`None` while the markers
/// have none).
fn remove_between(start: &Node, end: &Node) -> Option<Node> {
    let parent = end.parent_node()?;
    while let Some(node) = start.next_sibling().filter(|node| !node.is_same_node(Some(end))) {
        // Only if someone moved the markers apart: stop rather than find the same node forever.
        if parent.remove_child(&node).is_err() {
            break;
        }
    }
    Some(parent)
}

/// An element under construction. Methods take and return it, so a tree reads top to bottom.
pub struct El {
    element: Element,
}

impl El {
    /// A new `<tag>` element.
    pub fn new(tag: &'static str) -> Self {
        Self { element: DOCUMENT.with(|document| document.create_element(tag)) }
    }

    /// Sets attribute `name` to `value`.
    pub fn attr(self, name: &str, value: &str) -> Self {
        let _ = self.element.set_attribute(name, value);
        self
    }

    /// Sets the boolean attribute `name` (`hidden`, `required`, …).
    pub fn flag(self, name: &str) -> Self {
        self.attr(name, "")
    }

    /// Keeps attribute `name` at `value`, removed while it is `None`.
    pub fn bind_attr(self, name: &'static str, value: impl Fn() -> Option<String> + 'static) -> Self {
        self.bound_attr(name, Box::new(value))
    }

    fn bound_attr(self, name: &'static str, value: Box<dyn Fn() -> Option<String>>) -> Self {
        let element = self.element.clone();
        let apply = move |value: &Option<String>| {
            let _ = match value {
                Some(value) => element.set_attribute(name, value),
                None => element.remove_attribute(name),
            };
        };
        bind(value, Box::new(apply));
        self
    }

    /// Keeps the boolean attribute `name` present while `on` holds.
    pub fn bind_flag(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.bound_attr(name, Box::new(move || on().then(String::new)))
    }

    /// Keeps the ARIA state `name` (`aria-invalid`, `aria-busy`, …) at `"true"` while `on` holds, absent
    /// otherwise (which ARIA reads as false).
    pub fn bind_aria(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.bound_attr(name, Box::new(move || on().then(|| "true".to_owned())))
    }

    /// Two-way binds an input's value to `value`: typing sets it, and a change to it shows in the field.
    pub fn bind_value(self, value: RwSignal<String>) -> Self {
        if let Some(input) = self.element.dyn_ref::<HtmlInputElement>().cloned() {
            let shown = input.clone();
            effect(Box::new(move || {
                let wanted = value.get();
                // Setting the same value again would move the caret to the end.
                if shown.value() != wanted {
                    shown.set_value(&wanted);
                }
            }));
            let typed = input.clone();
            attach(&input, ev::input.name(), Box::new(move |_| value.set(typed.value())));
        }
        self
    }

    /// Calls `handler` for each `event` on the element (`ev::click`, `ev::submit`, …), with the event as
    /// its type (`MouseEvent`, `SubmitEvent`, …).
    pub fn on<E>(self, event: E, handler: impl FnMut(E::EventType) + 'static) -> Self
    where
        E: EventDescriptor,
        E::EventType: JsCast,
    {
        attach(&self.element, event.name(), typed(handler));
        self
    }

    /// Lets `handle` reach the element while it is on the page.
    pub fn node_ref(self, handle: NodeRef) -> Self {
        handle.hold(&self.element);
        self
    }

    /// Appends `child`.
    pub fn child(self, child: impl Into<Node>) -> Self {
        let _ = self.element.append_child(&child.into());
        self
    }

    /// Appends each of `children`.
    pub fn children(self, children: impl IntoIterator<Item = Node>) -> Self {
        children.into_iter().fold(self, El::child)
    }

    /// Appends a text node with `words`.
    pub fn text(self, words: &str) -> Self {
        self.child(text(words))
    }

    /// Appends a text node whose words follow `words`.
    pub fn bind_text(self, words: impl Fn() -> String + 'static) -> Self {
        self.child(boxed_text(Box::new(words)))
    }

    /// The finished element, as a node.
    pub fn node(self) -> Node {
        self.element.into()
    }
}

impl From<El> for Node {
    fn from(el: El) -> Node {
        el.node()
    }
}

/// A handle on an element built elsewhere (as Leptos' `NodeRef`), for what must find it later: focus.
/// `Copy`; empty until [`El::node_ref`] gives it an element, and again once that element has left the
/// page (its part of the view was rebuilt, or the app unmounted).
#[derive(Clone, Copy)]
pub struct NodeRef(StoredValue<Option<Element>, LocalStorage>);

impl NodeRef {
    /// An empty handle, living as long as the current owner.
    #[allow(clippy::new_without_default)] // Made in an owner, like a signal: not a value to default.
    pub fn new() -> Self {
        Self(StoredValue::new_local(None))
    }

    fn hold(self, element: &Element) {
        self.0.set_value(Some(element.clone()));
    }

    /// The element, while it is on the page.
    pub fn get(self) -> Option<Element> {
        self.0.try_get_value().flatten().filter(|element| element.is_connected())
    }

    /// Focuses the element, if it is on the page and focusable; whether it was.
    pub fn focus(self) -> bool {
        let element = self.get().and_then(|element| element.dyn_into::<HtmlElement>().ok());
        element.is_some_and(|element| element.focus().is_ok())
    }
}

/// Why the app could not be mounted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountError {
    /// The host element is in no document shown in a window (a `<template>`'s content, a document made
    /// by `DOMParser`), or there is no window: there is no page to show the app on.
    NoDocument,
}

/// The app's nodes inside a host element and the owner of their bindings: dropping it cleans the owner
/// (every effect, timer and listener stops) and removes the app's nodes, and only those.
pub struct Mount {
    owner: Owner,
    /// The app's nodes lie between these two markers.
    markers: (Node, Node),
}

impl Mount {
    /// Builds `view` in a fresh owner and appends it to `parent`; fails, building nothing, when `parent`
    /// is not in a live document.
    pub fn new(parent: Element, view: impl FnOnce() -> Node) -> Result<Self, MountError> {
        // A document with a window is the window's document, the one the app builds its nodes in.
        if parent.owner_document().and_then(|document| document.default_view()).is_none() {
            return Err(MountError::NoDocument);
        }
        // Leptos' tasks and effects run on wasm-bindgen's executor; a second call is a harmless error.
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        let markers = (nothing(), nothing());
        let node = owner.with(view);
        let _ = parent.append_child(&fragment([markers.0.clone(), node, markers.1.clone()]));
        Ok(Self { owner, markers })
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        self.owner.cleanup();
        let (start, end) = &self.markers;
        if let Some(parent) = remove_between(start, end) {
            let _ = parent.remove_child(start);
            let _ = parent.remove_child(end);
        }
    }
}
