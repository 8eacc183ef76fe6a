//! The app's view layer: elements built with `web-sys`, their changing parts bound to Leptos' reactive
//! graph.
//!
//! Each binding ([`El::bind_attr`], [`El::bind_text`], [`region`], …) is one `RenderEffect` owned by the
//! current reactive owner, and each listener ([`El::on`], [`listen`]) is removed by that owner, so both
//! stop when it is cleaned up: a [`region`] rebuilding, or [`Mount`] being dropped. Bindings are
//! type-erased at once (`Box<dyn Fn>`), so every binding shares one compiled effect instead of one per
//! closure: this is what keeps the WASM small (the numbers are in the README, "Size").
//!
//! Nothing here panics: every DOM call's error is ignored (the app's tag and attribute names are
//! constants, so none fails in practice), and an element that cannot be made is an empty text node (see
//! [`El::new`]; only without a document is a node `null`, which a mounted app never is).

use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{Document, Element, Event, HtmlInputElement, Node};

thread_local! {
    static DOCUMENT: Option<Document> = web_sys::window().and_then(|window| window.document());
}

/// Runs `f` with the page's document.
fn with_document<T>(f: impl FnOnce(&Document) -> Option<T>) -> Option<T> {
    DOCUMENT.with(|document| document.as_ref().and_then(f))
}

/// A text node with `text`.
pub fn text(text: &str) -> Node {
    with_document(|document| Some(document.create_text_node(text).into())).unwrap_or_else(empty_node)
}

/// A node that renders nothing (an empty comment): a region's marker, or a view with nothing to show.
pub fn nothing() -> Node {
    with_document(|document| Some(document.create_comment("").into())).unwrap_or_else(empty_node)
}

/// What a node is without a document: `null`. Unreachable in a mounted app (the app runs in the host
/// element's document); outside one, a DOM call on it throws.
fn empty_node() -> Node {
    wasm_bindgen::JsValue::NULL.unchecked_into()
}

/// Several nodes as one (a document fragment: inserting it inserts its children).
pub fn fragment(nodes: impl IntoIterator<Item = Node>) -> Node {
    let Some(fragment) = with_document(|document| Some(document.create_document_fragment())) else {
        return empty_node();
    };
    for node in nodes {
        let _ = fragment.append_child(&node);
    }
    fragment.into()
}

/// A text node whose words follow `text`.
fn bound_text(text: Box<dyn Fn() -> String>) -> Node {
    let node = self::text("");
    let target = node.clone();
    bind(text, Box::new(move |text: &String| target.set_text_content(Some(text))));
    node
}

/// Calls `apply` with `value()` now and again whenever that changes. Only a new value touches the DOM:
/// a signal that changes without changing the words or the attribute (each keystroke re-checks the
/// password, most leave the checklist as it was) writes nothing, so nothing is re-read or re-laid out.
fn bind<T: PartialEq + 'static>(value: Box<dyn Fn() -> T>, apply: Box<dyn Fn(&T)>) {
    let shown = std::cell::RefCell::new(None::<T>);
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

/// Calls `handler` for each `event` on `target` until the current owner is cleaned up, inside that owner
/// (so the handler sees the page's context, as the rest of its page does).
pub fn listen(target: &web_sys::EventTarget, event: &'static str, handler: impl FnMut(Event) + 'static) {
    attach(target, event, Box::new(handler));
}

fn attach(target: &web_sys::EventTarget, event: &'static str, mut handler: Box<dyn FnMut(Event)>) {
    let owner = Owner::current();
    let closure = Closure::wrap(Box::new(move |event: Event| match &owner {
        Some(owner) => owner.with(|| handler(event)),
        None => handler(event),
    }) as Box<dyn FnMut(Event)>);
    let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    let attached = SendWrapper::new((target.clone(), closure));
    on_cleanup(move || {
        let (target, closure) = attached.take();
        let _ = target.remove_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
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
    node: Node,
}

impl El {
    /// A new `<tag>` element.
    pub fn new(tag: &str) -> Self {
        let node = with_document(|document| document.create_element(tag).ok().map(Node::from));
        Self { node: node.unwrap_or_else(|| text("")) }
    }

    /// The element (`None` only if it could not be made).
    pub fn element(&self) -> Option<&Element> {
        self.node.dyn_ref()
    }

    /// Sets attribute `name` to `value`.
    pub fn attr(self, name: &str, value: &str) -> Self {
        if let Some(element) = self.element() {
            let _ = element.set_attribute(name, value);
        }
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
        if let Some(element) = self.element().cloned() {
            let apply = move |value: &Option<String>| {
                let _ = match value {
                    Some(value) => element.set_attribute(name, value),
                    None => element.remove_attribute(name),
                };
            };
            bind(value, Box::new(apply));
        }
        self
    }

    /// Keeps the boolean attribute `name` present while `on` holds.
    pub fn bind_flag(self, name: &'static str, on: impl Fn() -> bool + 'static) -> Self {
        self.bound_attr(name, Box::new(move || on().then(String::new)))
    }

    /// Two-way binds an input's value to `value`: typing sets it, and a change to it shows in the field.
    pub fn bind_value(self, value: RwSignal<String>) -> Self {
        if let Some(input) = self.node.dyn_ref::<HtmlInputElement>().cloned() {
            let shown = input.clone();
            effect(Box::new(move || {
                let wanted = value.get();
                // Setting the same value again would move the caret to the end.
                if shown.value() != wanted {
                    shown.set_value(&wanted);
                }
            }));
            let typed = input.clone();
            attach(&input, "input", Box::new(move |_| value.set(typed.value())));
        }
        self
    }

    /// Calls `handler` for each `event` on the element.
    pub fn on(self, event: &'static str, handler: impl FnMut(Event) + 'static) -> Self {
        attach(&self.node, event, Box::new(handler));
        self
    }

    /// Appends `child`.
    pub fn child(self, child: impl Into<Node>) -> Self {
        let _ = self.node.append_child(&child.into());
        self
    }

    /// Appends a text node with `words`.
    pub fn text(self, words: &str) -> Self {
        self.child(text(words))
    }

    /// Appends a text node whose words follow `words`.
    pub fn bind_text(self, words: impl Fn() -> String + 'static) -> Self {
        self.child(bound_text(Box::new(words)))
    }

    /// The finished element (as `Node::from` gives it).
    pub fn node(self) -> Node {
        self.node
    }
}

impl From<El> for Node {
    fn from(el: El) -> Node {
        el.node
    }
}

/// The app's nodes inside a host element and the owner of their bindings: dropping it cleans the owner
/// (every effect, timer and listener stops) and removes the app's nodes, and only those.
pub struct Mount {
    owner: Owner,
    /// The app's nodes lie between these two markers.
    markers: (Node, Node),
}

impl Mount {
    /// Builds `view` in a fresh owner and appends it to `parent`.
    pub fn new(parent: Element, view: impl FnOnce() -> Node) -> Self {
        // Leptos' tasks and effects run on wasm-bindgen's executor; a second call is a harmless error.
        let _ = any_spawner::Executor::init_wasm_bindgen();
        let owner = Owner::new();
        let markers = (nothing(), nothing());
        let node = owner.with(view);
        let _ = parent.append_child(&fragment([markers.0.clone(), node, markers.1.clone()]));
        Self { owner, markers }
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
