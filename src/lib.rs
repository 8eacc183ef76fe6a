//! ep-password-reset: the password-reset front-end for Elastic Path Commerce Cloud storefronts.
//!
//! Follow the names from here:
//! - [`start`] mounts [`App`] into the page's mount element, configured by its `data-*` attributes
//!   ([`config`], validated by [`ep_reset_core::config`]).
//! - [`App`] shows the page at the address it was opened with ([`Page::at`], under the configured base
//!   path): [`pages::ForgotPasswordPage`], [`pages::ChangePasswordPage`], or [`pages::NotFoundPage`];
//!   an unusable configuration shows [`pages::ConfigProblemPage`] instead. Links between pages are full
//!   page loads, so there is no client-side router.
//! - Each page renders the view model of its session in `ep_reset_core::session`, held in a [`model::Model`].
//! - Every string the shopper reads comes from [`messages`].

pub mod address_bar;
pub mod api;
pub mod common_passwords;
pub mod components;
pub mod config;
pub mod focus;
pub mod host;
pub mod messages;
pub mod model;
pub mod pages;
mod panic_hook;
pub mod store;
pub mod time;

use address_bar::Address;
use ep_reset_core::config::{Config, ConfigError, MOUNT_ELEMENT_ID};
use ep_reset_core::locale::{Locale, negotiate};
use ep_reset_core::route::Page;
use leptos::mount::mount_to;
use leptos::prelude::*;
use messages::{Messages, provide_messages};
use pages::{ChangePasswordPage, ConfigProblemPage, ForgotPasswordPage, NotFoundPage};
use web_sys::HtmlElement;

/// Mounts the app into the page's mount element, or explains on the page why it cannot.
pub fn start() {
    panic_hook::install();
    // First of all, whatever follows: the link's code and username leave the address bar.
    let address = address_bar::take_sensitive();
    match config::find_mount_element() {
        Some(element) => mount_with_address(element, address).forget(),
        None => leptos::mount::mount_to_body(|| {
            let messages = Messages::english();
            view! { <ConfigProblemPage problems=vec![messages.config.no_mount_element(MOUNT_ELEMENT_ID)]/> }
        }),
    }
}

/// Reads the configuration from `element`'s attributes and mounts the app inside it, after removing the
/// reset link's code and username from the address bar.
///
/// Keep the returned handle alive for as long as the app should stay on the page.
pub fn mount(element: HtmlElement) -> leptos::mount::UnmountHandle<impl Mountable> {
    mount_with_address(element, address_bar::take_sensitive())
}

fn mount_with_address(
    element: HtmlElement,
    address: Address,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    let config = config::read(&element);
    let locale = negotiate(&config::locale_sources(&element, &address.search, &address.hash));
    // The component's root speaks the language too, for the host page's styles and assistive tech.
    let _ = element.set_attribute("lang", locale.tag());
    let _ = element.set_attribute("dir", locale.direction().as_str());
    mount_to(element, move || view! { <App config=config locale=locale address=address/> })
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
) -> impl IntoView {
    let (catalogue, arrived) = signal((locale == Locale::En).then(Messages::english));
    if locale != Locale::En {
        let base_path = config.as_ref().map(|config| config.base_path.clone()).unwrap_or_default();
        leptos::task::spawn_local(async move { arrived.set(Some(messages::load(locale, &base_path).await)) });
    }
    let shown = move || {
        catalogue.get().map(|messages| {
            view! { <Localized config=config.clone() messages=messages address=address.clone()/> }
        })
    };
    shown.into_any()
}

/// The page at the address, or the configuration problem, in `messages`' language.
#[component]
pub fn Localized(
    /// The validated configuration, or every problem found in it.
    config: Result<Config, Vec<ConfigError>>,
    /// The catalogue to speak.
    messages: &'static Messages,
    /// The address the app was opened with (see [`address_bar`]).
    address: Address,
) -> impl IntoView {
    provide_messages(messages);
    match config {
        Ok(config) => {
            let page = Page::at(&address.pathname, &config.base_path);
            address_bar::provide(address);
            let store = store::connect(config, messages);
            match page {
                Some(Page::ForgotPassword) => view! { <ForgotPasswordPage store=store/> }.into_any(),
                Some(Page::ChangePassword) => view! { <ChangePasswordPage store=store/> }.into_any(),
                None => view! { <NotFoundPage store=store/> }.into_any(),
            }
        }
        Err(errors) => {
            let problems = errors.iter().map(|error| messages.config.problem(error)).collect::<Vec<_>>();
            view! { <ConfigProblemPage problems=problems/> }.into_any()
        }
    }
}
