//! Telling the host page what happened: the events decided by [`ep_reset_core::host_event`], dispatched
//! on the `<ep-password-reset>` element with `bubbles` and `composed`, `detail.code` for errors only.

use ep_reset_core::host_event::HostEvent;
use leptos::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Where the app's events go. `Copy`, so handlers can hold it; provided by [`app`](crate::app).
#[derive(Clone, Copy)]
pub struct HostEvents {
    element: StoredValue<Option<Element>, LocalStorage>,
}

impl HostEvents {
    /// Events dispatched on `element` (none without one).
    pub fn new(element: Option<Element>) -> Self {
        Self { element: StoredValue::new_local(element) }
    }

    /// Dispatches `event`, if any, unless the app is gone.
    pub fn send(self, event: Option<HostEvent>) {
        let (Some(event), Some(Some(element))) = (event, self.element.try_get_value()) else { return };
        dispatch(&element, event);
    }
}

/// Dispatches `event` on `element`.
pub fn dispatch(element: &Element, event: HostEvent) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Some(code) = event.code() {
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"code".into(), &code.into());
        init.set_detail(&detail);
    }
    if let Ok(dom_event) = CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = element.dispatch_event(&dom_event);
    }
}

/// The app's event target (one that sends nothing outside [`app`](crate::app)).
pub fn use_host_events() -> HostEvents {
    use_context::<HostEvents>().unwrap_or_else(|| HostEvents::new(None))
}
