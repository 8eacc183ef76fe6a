//! The common-password blocklist: a static asset (`common-passwords.txt`, copied beside the element's
//! other files by trunk) fetched once, when a password field is first focused, so the main WASM stays small and shoppers
//! who never type a password never download it.
//!
//! A failed load is not fatal: the policy then reports the check as unknown and does not block the reset
//! (the list is an extra on top of the length rule).

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use ep_reset_core::password_policy::CommonPasswords;
use futures::FutureExt;
use futures::future::{Either, LocalBoxFuture, Shared, select};
use leptos::prelude::*;

use crate::time::sleep;

/// The asset's file name, under the app's base path.
pub const ASSET: &str = "common-passwords.txt";

/// Longest a submit waits for a list still loading before going on without it.
const SUBMIT_WAIT: Duration = Duration::from_secs(5);

type Loading = Shared<LocalBoxFuture<'static, Option<Arc<CommonPasswords>>>>;

/// A handle to the lazily loaded list. `Copy`, so views and handlers can hold it.
#[derive(Clone, Copy)]
pub struct CommonList {
    url: StoredValue<String>,
    /// The one fetch, once started: every submit awaits it.
    loading: StoredValue<Option<Loading>, LocalStorage>,
    /// Its answer, for the live checklist.
    loaded: RwSignal<Option<Arc<CommonPasswords>>>,
}

impl CommonList {
    /// A list served at `{assets}common-passwords.txt` (`assets`: the URL of the element's folder).
    pub fn new(assets: &str) -> Self {
        Self {
            url: StoredValue::new(format!("{assets}{ASSET}")),
            loading: StoredValue::new_local(None),
            loaded: RwSignal::new(None),
        }
    }

    /// Starts loading, once, and returns the fetch (`None` once the page is gone).
    pub fn start(&self) -> Option<Loading> {
        if let Some(loading) = self.loading.try_get_value()? {
            return Some(loading);
        }
        let url = self.url.try_get_value()?;
        let loading = async move { fetch(&url).await.filter(|list| !list.is_empty()).map(Arc::new) }
            .boxed_local()
            .shared();
        self.loading.set_value(Some(loading.clone()));
        let (loaded, answer) = (self.loaded, loading.clone());
        leptos::task::spawn_local(async move {
            let list = answer.await;
            loaded.try_set(list);
        });
        Some(loading)
    }

    /// Runs `f` with the list, if loaded (tracked: reactive closures rerun when it arrives).
    pub fn with<R>(&self, f: impl FnOnce(Option<&CommonPasswords>) -> R) -> R {
        self.loaded.with(|list| f(list.as_deref()))
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

async fn fetch(url: &str) -> Option<CommonPasswords> {
    let response = gloo_net::http::Request::get(url)
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer)
        .credentials(web_sys::RequestCredentials::Omit)
        .send()
        .await
        .ok()?;
    // Static hosts with a single-page fallback answer a missing file with index.html: not a list.
    let is_html = response.headers().get("content-type").is_some_and(|t| t.contains("html"));
    if !response.ok() || is_html {
        web_sys::console::warn_1(&format!("ep-password-reset: {ASSET} could not be loaded").into());
        return None;
    }
    Some(CommonPasswords::parse(&response.text().await.ok()?))
}
