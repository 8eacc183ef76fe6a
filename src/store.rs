//! The connection to the store that a page shares between its views and handlers: one [`EpClient`] (one
//! implicit-token cache), the realm and password-profile ids (from configuration or discovered once
//! through the API), the rules of "e-mail me a link" ([`LinkRequester`]), and the browser as the
//! sessions' [`BrowserHost`].
//!
//! Created by [`app`](crate::app) and handed to the page as a [`Store`]. Creating it warms the
//! implicit-token cache (no side effect on any reset), so a submit waits only for the calls that matter.

use std::rc::Rc;

use ep_reset_core::config::Config;
use ep_reset_core::flows::discovery::{Discovered, DiscoveryError, discover};
use ep_reset_core::flows::shared_discovery::{Discovery, SharedDiscovery};
use ep_reset_core::flows::{ConfiguredIds, EpApi};
use ep_reset_core::session::link_request::LinkRequester;
use futures::FutureExt;
use leptos::prelude::*;

use crate::api::EpClient;
use crate::asset::Assets;
use crate::host::{BrowserHost, UNICODE};
use crate::messages::Messages;

/// One page's connection to the store; clones share the client, the discovery and the link rules.
#[derive(Clone)]
pub struct StoreContext {
    /// The API client (clones share the token cache).
    pub client: EpClient,
    pub config: Config,
    /// "E-mail me a link": cooldowns, the 429 wait, the accepted `type` spelling, one request at a time.
    pub links: Rc<LinkRequester>,
    /// The browser, as the sessions see it.
    pub host: BrowserHost,
    /// Where the element's static files are (for the common-password list).
    pub assets: Assets,
    /// The discovery under way (or done): every caller awaits the same one.
    ids: Rc<SharedDiscovery>,
    /// Its answer, for the views (`None` while it runs).
    discovered: RwSignal<Option<Result<Discovered, DiscoveryError>>>,
}

/// The handle views and handlers hold: `Copy`, and `Send` as reactive closures must be.
pub type Store = StoredValue<StoreContext, LocalStorage>;

impl StoreContext {
    /// Connects to the store named by `config`, prefetching the token, any ids it lacks and the password
    /// profile's rules; console hints in `messages`' language.
    pub fn new(config: Config, messages: &'static Messages, assets: Assets) -> Self {
        let client = EpClient::new(&config.api_base, &config.client_id);
        let links = Rc::new(LinkRequester::new(config.resend_cooldown_secs, config.username_format, UNICODE));
        let discovered = RwSignal::new(None);
        let (starter, configured) = (client.clone(), configured_ids(&config));
        let ids = Rc::new(SharedDiscovery::new(move || start_discovery(&starter, &configured, discovered)));
        Self { client, config, links, host: BrowserHost::new(messages), assets, ids, discovered }
    }

    /// The realm and profile, waiting for discovery if it is still running; after a passing failure,
    /// from a new discovery (see [`SharedDiscovery::ids`]).
    pub async fn ids(&self) -> Result<Discovered, DiscoveryError> {
        self.ids.ids().await
    }

    /// What discovery found so far (tracked: `None` while it runs).
    pub fn discovered(&self) -> Option<Result<Discovered, DiscoveryError>> {
        self.discovered.get()
    }
}

/// Starts discovering what `configured` lacks, its answer mirrored into `discovered`. The token is
/// warmed first, so discovery (if any) and the first submit reuse it.
fn start_discovery(
    client: &EpClient,
    configured: &ConfiguredIds,
    discovered: RwSignal<Option<Result<Discovered, DiscoveryError>>>,
) -> Discovery {
    let (client, configured) = (client.clone(), configured.clone());
    let discovery = async move {
        let _ = client.implicit_token().await;
        discover(&client, &configured).await
    }
    .boxed_local()
    .shared();
    discovered.try_set(None);
    let answer = discovery.clone();
    leptos::task::spawn_local(async move {
        let found = answer.await;
        discovered.try_set(Some(found));
    });
    discovery
}

/// The ids the configuration pins, if any.
pub fn configured_ids(config: &Config) -> ConfiguredIds {
    ConfiguredIds { realm: config.realm_id.clone(), password_profile_id: config.password_profile_id.clone() }
}

/// Connects to the store for the current reactive owner (the app). The client is single-threaded (`Rc`, like the
/// browser), so it lives in local storage of the reactive arena.
pub fn connect(config: Config, messages: &'static Messages, assets: Assets) -> Store {
    StoredValue::new_local(StoreContext::new(config, messages, assets))
}

/// The app is going away: every request still under way is aborted.
pub fn disconnect(store: Store) {
    store.with_value(|store| store.client.close());
}
