//! ep-password-reset: the password-reset front-end for Elastic Path Commerce Cloud storefronts.
//!
//! Follow the names from here:
//! - The `<ep-password-reset>` element (its loader, `embed/ep-password-reset.js`, is written into
//!   `dist/` by `cargo xtask build`) loads the WASM and calls [`MountedApp::mount`] when it is added to a
//!   page, [`MountedApp::unmount`] when it is removed. [`mount`] reads the element's attributes
//!   ([`config`], validated by [`ep_reset_core::config`]).
//! - [`app`] shows the page the element opens with ([`Page::opened`]: its `view` attribute, or the
//!   address under the base path): [`pages::forgot_password_page`], [`pages::change_password_page`], or
//!   [`pages::not_found_page`]; an unusable configuration shows [`pages::config_problem_page`] instead.
//!   Links between pages follow the address or swap the view in place ([`navigation`]).
//! - Pages are built with [`dom`]: `web-sys` elements whose changing parts are bound to Leptos' signals.
//! - Each page renders the view model of its session in `ep_reset_core::session`, held in a [`model::Model`],
//!   and tells the host page what happened ([`host_events`]).
//! - Every string the shopper reads comes from [`messages`], in the language
//!   [`ep_reset_core::locale::negotiate`] picks.

pub mod address_bar;
pub mod api;
pub mod asset;
pub mod breach;
pub mod common_passwords;
pub mod components;
pub mod config;
pub mod dom;
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
use asset::Assets;
use dom::{Mount, MountError, nothing, region};
use ep_reset_core::config::{Config, ConfigError};
use ep_reset_core::host_event::{ErrorCode, HostEvent};
use ep_reset_core::locale::{Locale, negotiate};
use ep_reset_core::route::{Navigation, Page};
use host_events::HostEvents;
use leptos::prelude::*;
use messages::{Messages, provide_messages};
use navigation::Navigator;
use pages::{change_password_page, config_problem_page, forgot_password_page, not_found_page};
use wasm_bindgen::prelude::wasm_bindgen;
use web_sys::{HtmlElement, Node};

/// Runs once when the WASM starts: nothing is mounted until an element asks.
pub fn start() {
    panic_hook::install();
}

/// One app mounted in one `<ep-password-reset>` element, for the element's loader.
#[wasm_bindgen]
pub struct MountedApp {
    handle: Option<Mount>,
}

#[wasm_bindgen]
impl MountedApp {
    /// Mounts a fresh app into `element`; `files` maps each static file's name as built to its URL
    /// (see [`Assets`]).
    pub fn mount(element: HtmlElement, files: js_sys::Object) -> MountedApp {
        MountedApp { handle: mount(element, Assets::from_object(&files)).ok() }
    }

    /// Unmounts it: its nodes, timers, listeners and requests go with it. Safe to call twice.
    pub fn unmount(&mut self) {
        self.handle = None;
    }
}

/// Reads the configuration from `element`'s attributes and mounts the app inside it, after removing the
/// reset link's code and username from the address bar. `assets` as in [`MountedApp::mount`].
///
/// Keep the returned handle alive for as long as the app should stay on the page. When `element` is in
/// no shown document, nothing is mounted: the element says so with `ep-reset-error` (`no-document`).
pub fn mount(element: HtmlElement, assets: Assets) -> Result<Mount, MountError> {
    // First of all, whatever follows: the link's code and username leave the address bar.
    let address = address_bar::take_sensitive();
    let config = config::read(&element);
    let locale = negotiate(&config::locale_sources(&element, &address.search, &address.hash));
    // The element itself speaks the language too, for the host page's styles and assistive tech.
    let _ = element.set_attribute("lang", locale.tag());
    let _ = element.set_attribute("dir", locale.direction().as_str());
    let root: web_sys::Element = element.clone().into();
    let mounted = Mount::new(root.clone(), move || app(config, locale, address, assets, Some(root)));
    if mounted.is_err() {
        host_events::dispatch(&element, HostEvent::Error(ErrorCode::NoDocument));
    }
    mounted
}

/// The whole app in `locale`: English at once; another language once its catalogue has arrived
/// ([`messages::load`]; nothing is shown until then, English if it cannot be had).
///
/// `config` is the validated configuration or every problem found in it (the language is used even
/// when it is unusable); `address` the address the app was opened with (see [`address_bar`]); `assets`
/// where the element's static files are; `root` the element the app is mounted in, the
/// target of its events.
pub fn app(
    config: Result<Config, Vec<ConfigError>>,
    locale: Locale,
    address: Address,
    assets: Assets,
    root: Option<web_sys::Element>,
) -> Node {
    let catalogue = RwSignal::new((locale == Locale::En).then(Messages::english));
    if locale != Locale::En {
        let assets = assets.clone();
        leptos::task::spawn_local(async move {
            catalogue.try_set(Some(messages::load(locale, &assets).await));
        });
    }
    // Set once: the region is built twice at most (nothing, then the app in its language).
    let arrived = Memo::new(move |_| catalogue.with(Option::is_some));
    region(arrived, move |_| match catalogue.get_untracked() {
        Some(messages) => localized(config.clone(), messages, address.clone(), assets.clone(), root.clone()),
        None => nothing(),
    })
}

/// The page the element opens with (then the one the shopper moved to), or the configuration problem, in
/// `messages`' language (arguments as in [`app`]).
fn localized(
    config: Result<Config, Vec<ConfigError>>,
    messages: &'static Messages,
    address: Address,
    assets: Assets,
    root: Option<web_sys::Element>,
) -> Node {
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
                heading: dom::NodeRef::new(),
            };
            provide_context(navigator);
            address_bar::provide(address);
            let store = store::connect(config, messages, assets);
            on_cleanup(move || store::disconnect(store));
            let page = Memo::new(move |_| navigator.page.get());
            region(page, move |page| match page {
                Some(Page::ForgotPassword) => forgot_password_page(store),
                Some(Page::ChangePassword) => change_password_page(store),
                None => not_found_page(),
            })
        }
        Err(errors) => {
            let problems = errors.iter().map(|error| messages.config.problem(error)).collect::<Vec<_>>();
            config_problem_page(problems)
        }
    }
}
