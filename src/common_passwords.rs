//! The common-password blocklist: a static asset (`common-passwords.txt`, copied beside the element's
//! other files by trunk) fetched once, when a password field is first focused, so the main WASM stays small and shoppers
//! who never type a password never download it.
//!
//! A failed load is not fatal, and not silent: the built-in short list keeps applying, the checklist
//! says only that one was checked ([`CommonCheck::BuiltInOnly`]), and the load is tried again a few
//! times ([`retry_delay_ms`]). What counts as the list is decided by [`CommonPasswords::from_asset`].

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use ep_reset_core::password_policy::{CommonCheck, CommonPasswords, retry_delay_ms};
use futures::FutureExt;
use futures::future::{Either, LocalBoxFuture, Shared, select};
use leptos::prelude::*;

use crate::asset::Assets;
use crate::host::UNICODE;
use crate::time::sleep;

/// The asset's file name as built.
pub const ASSET: &str = "common-passwords.txt";

/// Longest a submit waits for a list still loading before going on without it.
const SUBMIT_WAIT: Duration = Duration::from_secs(5);

type Loading = Shared<LocalBoxFuture<'static, Option<Arc<CommonPasswords>>>>;

/// A handle to the lazily loaded list. `Copy`, so views and handlers can hold it.
#[derive(Clone, Copy)]
pub struct CommonList {
    /// `None` when the loader named no list: every load fails, the built-in list applies.
    url: StoredValue<Option<String>>,
    /// The one fetch, once started: every submit awaits it.
    loading: StoredValue<Option<Loading>, LocalStorage>,
    /// Where it stands, for the live checklist.
    loaded: RwSignal<Loaded>,
}

/// Where the full list stands.
#[derive(Clone, Default)]
enum Loaded {
    /// Not started, or the first load is under way.
    #[default]
    Loading,
    /// Loaded, and it is the list.
    Full(Arc<CommonPasswords>),
    /// The last load failed (another may be waiting to start).
    Failed,
}

impl CommonList {
    /// The list where `assets` says [`ASSET`] is served.
    pub fn new(assets: &Assets) -> Self {
        Self {
            url: StoredValue::new(assets.url(ASSET)),
            loading: StoredValue::new_local(None),
            loaded: RwSignal::new(Loaded::Loading),
        }
    }

    /// Starts loading, once, and returns the fetch (`None` once the page is gone).
    pub fn start(&self) -> Option<Loading> {
        if let Some(loading) = self.loading.try_get_value()? {
            return Some(loading);
        }
        let url = self.url.try_get_value()?;
        let loaded = self.loaded;
        let loading = load(url, loaded).boxed_local().shared();
        self.loading.set_value(Some(loading.clone()));
        // Driven to the end whether or not a submit waits for it.
        leptos::task::spawn_local(loading.clone().map(drop));
        Some(loading)
    }

    /// Runs `f` with what the common-password rule can check against now (tracked: reactive closures
    /// rerun when the list arrives or a load fails).
    pub fn with<R>(&self, f: impl FnOnce(CommonCheck<'_>) -> R) -> R {
        self.loaded.with(|loaded| {
            f(match loaded {
                Loaded::Loading => CommonCheck::Loading,
                Loaded::Full(list) => CommonCheck::Full(list),
                Loaded::Failed => CommonCheck::BuiltInOnly,
            })
        })
    }

    /// The list for a submit: starts loading if needed and waits for it, at most a few seconds.
    pub async fn settled(self) -> Option<Arc<CommonPasswords>> {
        let loading = self.start()?;
        match select(loading, pin!(sleep(SUBMIT_WAIT))).await {
            Either::Left((list, _)) => list,
            Either::Right(_) => None,
        }
    }
}

/// Loads the list from `url`, trying again after each failure until it arrives or the tries run out
/// (`None`); `loaded` follows every step.
async fn load(url: Option<String>, loaded: RwSignal<Loaded>) -> Option<Arc<CommonPasswords>> {
    let mut failures = 0;
    loop {
        if let Some(list) = fetch(url.as_deref()).await {
            let list = Arc::new(list);
            loaded.try_set(Loaded::Full(Arc::clone(&list)));
            return Some(list);
        }
        failures += 1;
        loaded.try_set(Loaded::Failed);
        let warning =
            "ep-password-reset: common-passwords.txt could not be used; only the built-in list applies";
        web_sys::console::warn_1(&warning.into());
        sleep(Duration::from_millis(retry_delay_ms(failures)?)).await;
    }
}

/// One load: the list, if it is the list ([`CommonPasswords::from_asset`] decides).
async fn fetch(url: Option<&str>) -> Option<CommonPasswords> {
    let file = crate::asset::fetch(url?).await?;
    CommonPasswords::from_asset(file.status, file.content_type.as_deref(), &file.text, UNICODE).ok()
}
