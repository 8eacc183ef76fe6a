//! The connection to the store that a page shares between its views and handlers: one [`EpClient`] (one
//! implicit-token cache), the realm and password-profile ids (from configuration or discovered once
//! through the API), the rules of "e-mail me a link" ([`LinkRequester`]), and the browser as the
//! sessions' [`BrowserHost`].
//!
//! Created by [`App`](crate::App) and read with [`use_store`]. Creating it warms the implicit-token cache
//! (no side effect on any reset), so a submit waits only for the calls that matter.

use std::rc::Rc;

use ep_reset_core::config::Config;
use ep_reset_core::flows::discovery::{Discovered, DiscoveryError, discover};
use ep_reset_core::flows::{ConfiguredIds, EpApi};
use ep_reset_core::session::link_request::LinkRequester;
use leptos::prelude::*;

use crate::api::EpClient;
use crate::host::BrowserHost;
use crate::messages::Messages;

/// The store connection.
#[derive(Clone)]
pub struct StoreContext {
    /// The API client (clones share the token cache).
    pub client: EpClient,
    /// The validated configuration.
    pub config: Config,
    /// "E-mail me a link": cooldowns, the 429 wait, the accepted `type` spelling, one request at a time.
    pub links: Rc<LinkRequester>,
    /// The browser, as the sessions see it.
    pub host: BrowserHost,
    // Reference-counted, so awaiting it in a request that outlives the page cannot touch a disposed arena
    // slot (which would panic); the views read the arena handle `ids_view`, which lives as long as they do.
    ids: ArcLocalResource<Result<Discovered, DiscoveryError>>,
    ids_view: LocalResource<Result<Discovered, DiscoveryError>>,
}

/// The handle views and handlers hold: `Copy`, and `Send` as reactive closures must be.
pub type Store = StoredValue<StoreContext, LocalStorage>;

impl StoreContext {
    /// Connects to the store named by `config`, prefetching the token, any ids it lacks and the password
    /// profile's rules; console hints in `messages`' language.
    pub fn new(config: Config, messages: &'static Messages) -> Self {
        let client = EpClient::new(&config.api_base, &config.client_id);
        let configured = configured_ids(&config);
        let ids = {
            let client = client.clone();
            ArcLocalResource::new(move || {
                let (client, configured) = (client.clone(), configured.clone());
                async move {
                    // Warm the token first, so discovery (if any) and the first submit reuse it.
                    let _ = client.implicit_token().await;
                    discover(&client, &configured).await
                }
            })
        };
        let ids_view = LocalResource::from(ids.clone());
        let links = Rc::new(LinkRequester::new(config.resend_cooldown_secs, config.username_format));
        Self { client, config, links, host: BrowserHost::new(messages), ids, ids_view }
    }

    /// The realm and profile, waiting for discovery if it is still running. A transient failure starts
    /// discovery again, for the next caller.
    pub async fn ids(&self) -> Result<Discovered, DiscoveryError> {
        let found = self.ids.clone().await;
        if matches!(found, Err(DiscoveryError::Unavailable(_))) {
            self.ids.refetch();
        }
        found
    }

    /// What discovery found so far (tracked: `None` while it runs).
    pub fn discovered(&self) -> Option<Result<Discovered, DiscoveryError>> {
        self.ids_view.get()
    }
}

/// The ids the configuration pins, if any.
pub fn configured_ids(config: &Config) -> ConfiguredIds {
    ConfiguredIds { realm: config.realm_id.clone(), password_profile_id: config.password_profile_id.clone() }
}

/// Provides the store connection to the page below. The client is single-threaded (`Rc`, like the
/// browser), so it travels in local storage of the reactive arena.
pub fn provide_store(config: Config, messages: &'static Messages) {
    provide_context::<Store>(StoredValue::new_local(StoreContext::new(config, messages)));
}

/// The store connection, when the app is configured.
pub fn use_store() -> Option<Store> {
    use_context::<Store>()
}
