//! ep-password-reset: the password-reset front-end for Elastic Path Commerce Cloud storefronts.
//!
//! Follow the names from here:
//! - The `<ep-password-reset>` element (its loader, `embed/ep-password-reset.js`, is written into
//!   `dist/` by `cargo xtask build`) loads the WASM and calls [`MountedApp::mount`] when it is added to a
//!   page, [`MountedApp::unmount`] when it is removed. [`mount`] reads the element's attributes
//!   ([`config`], validated by [`ep_reset_core::config`]).
//! - [`App`] shows the page the element opens with ([`Page::opened`]: its `view` attribute, or the
//!   address under the base path): [`pages::ForgotPasswordPage`], [`pages::ChangePasswordPage`], or
//!   [`pages::NotFoundPage`]; an unusable configuration shows [`pages::ConfigProblemPage`] instead. Links
//!   between pages follow the address or swap the view in place ([`navigation`]).
//! - Each page renders the view model of its session in `ep_reset_core::session`, held in a [`model::Model`],
//!   and tells the host page what happened ([`host_events`]).
//! - Every string the shopper reads comes from [`messages`], in the language
//!   [`ep_reset_core::locale::negotiate`] picks.

pub mod address_bar;
pub mod api;
pub mod asset;
pub mod common_passwords;
pub mod components;
pub mod config;
pub mod focus;
pub mod host;
pub mod host_events;
pub mod messages;
pub mod model;
pub mod navigation;
pub mod pages;
mod panic_hook;
pub mod store;
pub mod time;

use address_bar::Address;
use ep_reset_core::config::{Config, ConfigError};
use ep_reset_core::host_event::HostEvent;
use ep_reset_core::locale::{Locale, negotiate};
use ep_reset_core::route::{Navigation, Page};
use host_events::HostEvents;
use leptos::mount::mount_to;
use leptos::prelude::*;
use messages::{Messages, provide_messages};
use navigation::Navigator;
use pages::{ChangePasswordPage, ConfigProblemPage, ForgotPasswordPage, NotFoundPage};
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::HtmlElement;

/// Runs once when the WASM starts: nothing is mounted until an element asks.
pub fn start() {
    panic_hook::install();
}

/// One app mounted in one `<ep-password-reset>` element, for the element's loader.
#[wasm_bindgen]
pub struct MountedApp {
    handle: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl MountedApp {
    /// Mounts a fresh app into `element`; `assets` is the URL of the folder the element's files came
    /// from (the common-password list and the catalogues are fetched from there).
    pub fn mount(element: HtmlElement, assets: String) -> MountedApp {
        MountedApp { handle: Some(Box::new(mount(element, assets))) }
    }

    /// Unmounts it: its nodes, timers, listeners and requests go with it. Safe to call twice.
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Reads the configuration from `element`'s attributes and mounts the app inside it, after removing the
/// reset link's code and username from the address bar. `assets` as in [`MountedApp::mount`].
///
/// Keep the returned handle alive for as long as the app should stay on the page.
pub fn mount(element: HtmlElement, assets: String) -> leptos::mount::UnmountHandle<impl Mountable> {
    // First of all, whatever follows: the link's code and username leave the address bar.
    let address = address_bar::take_sensitive();
    let config = config::read(&element);
    let locale = negotiate(&config::locale_sources(&element, &address.search, &address.hash));
    // The component's root speaks the language too, for the host page's styles and assistive tech.
    let _ = element.set_attribute("lang", locale.tag());
    let _ = element.set_attribute("dir", locale.direction().as_str());
    let root: web_sys::Element = element.clone().into();
    mount_to(element, move || {
        view! { <App config=config locale=locale address=address assets=assets root=root/> }
    })
}

/// The whole app in `locale`: English at once; another language once its catalogue has arrived
/// ([`messages::load`]; nothing is shown until then, English if it cannot be had).
#[component]
pub fn App(
    /// The validated configuration, or every problem found in it.
    config: Result<Config, Vec<ConfigError>>,
    /// The negotiated language, used even when the rest of the configuration is unusable.
    #[prop(optional)]
    locale: Locale,
    /// The address the app was opened with (see [`address_bar`]).
    #[prop(optional)]
    address: Address,
    /// The URL of the folder the element's files came from.
    #[prop(into, optional)]
    assets: String,
    /// The element the app is mounted in: the target of its events.
    #[prop(optional)]
    root: Option<web_sys::Element>,
) -> impl IntoView {
    let (catalogue, arrived) = signal((locale == Locale::En).then(Messages::english));
    if locale != Locale::En {
        let assets = assets.clone();
        leptos::task::spawn_local(async move {
            arrived.try_set(Some(messages::load(locale, &assets).await));
        });
    }
    let shown = move || {
        catalogue.get().map(|messages| {
            view! {
                <Localized
                    config=config.clone()
                    messages=messages
                    address=address.clone()
                    assets=assets.clone()
                    root=root.clone()
                />
            }
        })
    };
    shown.into_any()
}

/// The page the element opens with (then the one the shopper moved to), or the configuration problem, in
/// `messages`' language.
#[component]
pub fn Localized(
    /// The validated configuration, or every problem found in it.
    config: Result<Config, Vec<ConfigError>>,
    /// The catalogue to speak.
    messages: &'static Messages,
    /// The address the app was opened with (see [`address_bar`]).
    address: Address,
    /// The URL of the folder the element's files came from.
    assets: String,
    /// The element the app is mounted in: the target of its events.
    root: Option<web_sys::Element>,
) -> impl IntoView {
    provide_messages(messages);
    let events = HostEvents::new(root.clone());
    provide_context(events);
    let mounted = HostEvent::on_mount(&config);
    // Once the first view is on the page, and never synchronously: a host that adds its listener right
    // after adding the element still hears it.
    request_animation_frame(move || events.send(Some(mounted)));
    match config {
        Ok(config) => {
            let navigator = Navigator {
                page: RwSignal::new(Page::opened(
                    config.view,
                    &address.pathname,
                    &address.search,
                    &address.hash,
                    &config.base_path,
                )),
                navigation: Navigation::for_view(config.view),
                base_path: StoredValue::new(config.base_path.clone()),
                root: StoredValue::new_local(root),
            };
            provide_context(navigator);
            address_bar::provide(address);
            let store = store::connect(config, messages, assets);
            on_cleanup(move || store::disconnect(store));
            (move || match navigator.page.get() {
                Some(Page::ForgotPassword) => view! { <ForgotPasswordPage store=store/> }.into_any(),
                Some(Page::ChangePassword) => view! { <ChangePasswordPage store=store/> }.into_any(),
                None => view! { <NotFoundPage/> }.into_any(),
            })
            .into_any()
        }
        Err(errors) => {
            let problems = errors.iter().map(|error| messages.config.problem(error)).collect::<Vec<_>>();
            view! { <ConfigProblemPage problems=problems/> }.into_any()
        }
    }
}
