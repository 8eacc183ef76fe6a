//! The browser's clock and timers, for expiry, cooldowns and waits.

use std::time::Duration;

/// Milliseconds since the Unix epoch, by the browser's clock.
pub fn now_ms() -> u64 {
    // Date.now() is a non-negative f64 on any sane clock; `as` saturates rather than panicking.
    js_sys::Date::now() as u64
}

/// Seconds since the Unix epoch, by the browser's clock.
pub fn now_epoch_secs() -> u64 {
    now_ms() / 1000
}

/// Resolves after `duration` (a `setTimeout` behind a promise; never panics, at worst returns at once).
pub async fn sleep(duration: Duration) {
    let millis = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, millis);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The clock that countdowns derive from: [`Clock::now`] subscribes to a tick every second while the
/// page that made it is shown, and returns [`now_ms`] at the moment of reading. (Returning the
/// time of the last tick instead would be up to a second old when an answer arrives, and a 60 s cooldown
/// would show 61.)
#[derive(Clone, Copy)]
pub struct Clock {
    /// Counts the seconds; only its changes matter. The same signal type as the model's revision
    /// ([`Model`](crate::model::Model)), so the reactive graph's code for it is not repeated.
    tick: leptos::prelude::RwSignal<u32>,
}

impl Clock {
    /// The current time; tracked, so the calling closure reruns every second.
    pub fn now(self) -> u64 {
        leptos::prelude::Track::track(&self.tick);
        now_ms()
    }
}

/// A [`Clock`] that ticks while the calling page or view is shown (until its owner is cleaned up).
pub fn use_ticking_now() -> Clock {
    use leptos::prelude::*;
    let tick = RwSignal::new(0_u32);
    if let Ok(handle) = set_interval_with_handle(
        move || {
            tick.try_update(|n| *n = n.wrapping_add(1));
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    Clock { tick }
}
