//! The connection to the store that both pages share: one [`EpClient`] (one implicit-token cache) and
//! the realm and password-profile ids, from configuration or discovered once through the API.
//!
//! Created by [`App`](crate::App) and read with [`use_store`]. Creating it warms the implicit-token cache
//! (no side effect on any reset), so a submit waits only for the calls that matter.

use ep_reset_core::config::Config;
use ep_reset_core::flows::ConfiguredIds;
use ep_reset_core::flows::EpApi;
use ep_reset_core::flows::discovery::{Discovered, DiscoveryError, discover};
use ep_reset_core::password_policy::PasswordPolicy;
use ep_reset_core::username::UsernameFormat;
use leptos::prelude::*;

use crate::api::EpClient;
use crate::link_request::LinkRequests;
use crate::messages::Messages;

/// The store connection: client, configuration and the ids the journeys need.
#[derive(Clone)]
pub struct StoreContext {
    /// The API client (clones share the token cache).
    pub client: EpClient,
    /// The validated configuration.
    pub config: Config,
    // Reference-counted, so awaiting it in a request that outlives the page cannot touch a disposed arena
    // slot (which would panic); the views read the arena handle `ids_view`, which lives as long as they do.
    ids: ArcLocalResource<Result<Discovered, DiscoveryError>>,
    ids_view: LocalResource<Result<Discovered, DiscoveryError>>,
    /// Cooldowns and waits of "e-mail me a link", shared by both pages.
    pub(crate) link_requests: LinkRequests,
}

impl StoreContext {
    /// Connects to the store named by `config`, prefetching the token, any ids it lacks and the password
    /// profile's rules; console hints in `messages`' language.
    pub fn new(config: Config, messages: &'static Messages) -> Self {
        let client = EpClient::new(&config.api_base, &config.client_id);
        let configured = ConfiguredIds {
            realm: config.realm_id.clone(),
            password_profile_id: config.password_profile_id.clone(),
        };
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
        Self { client, config, ids, ids_view, link_requests: LinkRequests::new(&messages.common) }
    }

    /// The realm and profile, waiting for discovery if it is still running.
    pub async fn ids(&self) -> Result<Discovered, DiscoveryError> {
        self.ids.clone().await
    }

    /// The discovery resource itself: `Copy` and `Send`, so reactive closures can hold it.
    pub fn ids_resource(&self) -> LocalResource<Result<Discovered, DiscoveryError>> {
        self.ids_view
    }

    /// Re-runs discovery (after a transient failure).
    pub fn retry_ids(&self) {
        self.ids.refetch();
    }
}

/// The username format from configuration, else from the discovered profile, else e-mail.
pub fn username_format(
    configured: Option<UsernameFormat>,
    discovered: Option<Result<Discovered, DiscoveryError>>,
) -> UsernameFormat {
    let discovered = discovered.and_then(|ids| ids.ok()).and_then(|ids| ids.username_format);
    configured.or(discovered).unwrap_or(UsernameFormat::Email)
}

/// The password policy: the configured minimum, raised to the password profile's `min_length` once
/// discovery has read it (never lowered; a failed read leaves the configured minimum).
pub fn password_policy(
    configured_min: u32,
    discovered: Option<Result<Discovered, DiscoveryError>>,
) -> PasswordPolicy {
    let profile_min = discovered.and_then(|ids| ids.ok()).and_then(|ids| ids.min_password_length);
    PasswordPolicy::for_store(configured_min as usize, profile_min)
}

/// Provides the store connection to the pages below. The client is single-threaded (`Rc`, like the
/// browser), so it travels in local storage of the reactive arena.
pub fn provide_store(config: Config, messages: &'static Messages) {
    provide_context(StoredValue::new_local(StoreContext::new(config, messages)));
}

/// The store connection, when the app is configured.
pub fn use_store() -> Option<StoreContext> {
    use_context::<StoredValue<StoreContext, LocalStorage>>()?.try_get_value()
}
