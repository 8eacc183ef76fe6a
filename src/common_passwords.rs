//! The common-password blocklist: a static asset (`common-passwords.txt`, copied beside `index.html` by
//! trunk) fetched once, when a password field is first focused, so the main WASM stays small and shoppers
//! who never type a password never download it.
//!
//! A failed load is not fatal: the policy then reports the check as unknown and does not block the reset
//! (the list is an extra on top of the length rule).

use std::sync::Arc;
use std::time::Duration;

use ep_reset_core::password_policy::CommonPasswords;
use leptos::prelude::*;

use crate::api::transport;
use crate::time::{now_ms, sleep};

/// The asset's file name, under the app's base path.
pub const ASSET: &str = "common-passwords.txt";

/// Longest a submit waits for a list still loading before going on without it.
const SUBMIT_WAIT: Duration = Duration::from_secs(5);

/// Where the list stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ListState {
    /// Not asked for yet.
    NotStarted,
    /// The fetch is running.
    Loading,
    /// Loaded.
    Ready(Arc<CommonPasswords>),
    /// The asset could not be loaded; the check is skipped.
    Unavailable,
}

/// A handle to the lazily loaded list. `Copy`, so views and handlers can hold it.
#[derive(Clone, Copy)]
pub struct CommonList {
    state: RwSignal<ListState>,
    url: StoredValue<String>,
}

impl CommonList {
    /// A list served at `{base_path}/common-passwords.txt` (`base_path` as in `Config::base_path`).
    pub fn new(base_path: &str) -> Self {
        Self {
            state: RwSignal::new(ListState::NotStarted),
            url: StoredValue::new(format!("{base_path}/{ASSET}")),
        }
    }

    /// Starts loading, once; later calls do nothing.
    pub fn start(&self) {
        if self.state.try_get_untracked() != Some(ListState::NotStarted) {
            return;
        }
        self.state.set(ListState::Loading);
        let (state, url) = (self.state, self.url.get_value());
        leptos::task::spawn_local(async move {
            let loaded = match fetch(&url).await {
                Some(list) if !list.is_empty() => ListState::Ready(Arc::new(list)),
                _ => ListState::Unavailable,
            };
            state.set(loaded);
        });
    }

    /// Runs `f` with the list, if loaded (tracked: reactive closures rerun when it arrives).
    pub fn with<R>(&self, f: impl FnOnce(Option<&CommonPasswords>) -> R) -> R {
        self.state.with(|state| match state {
            ListState::Ready(list) => f(Some(list)),
            _ => f(None),
        })
    }

    /// The list for a submit: starts loading if needed and waits (bounded) until it is known.
    pub async fn settled(&self) -> Option<Arc<CommonPasswords>> {
        self.start();
        let deadline = now_ms() + SUBMIT_WAIT.as_millis() as u64;
        loop {
            // `try_`: the page may have been left while the submit waited.
            match self.state.try_get_untracked() {
                Some(ListState::Ready(list)) => return Some(list),
                Some(ListState::Loading) if now_ms() < deadline => sleep(Duration::from_millis(50)).await,
                _ => return None,
            }
        }
    }
}

async fn fetch(url: &str) -> Option<CommonPasswords> {
    let response = transport::fetch(url, &web_sys::RequestInit::new()).await?;
    // Static hosts with a single-page fallback answer a missing file with index.html: not a list.
    let is_html = response.headers().get("content-type").ok().flatten().is_some_and(|t| t.contains("html"));
    if !response.ok() || is_html {
        web_sys::console::warn_1(&format!("ep-password-reset: {ASSET} could not be loaded").into());
        return None;
    }
    Some(CommonPasswords::parse(&transport::read_text(&response).await?))
}
