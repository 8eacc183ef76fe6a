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
use ep_reset_core::config::{Config, ConfigError, MOUNT_ELEMENT_ID, attr};
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
            let messages = &messages::EN;
            view! { <ConfigProblemPage problems=vec![(messages.config.no_mount_element)(MOUNT_ELEMENT_ID)]/> }
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
    let locale = element.get_attribute(attr::LOCALE).unwrap_or_default();
    mount_to(element, move || view! { <App config=config locale=locale address=address/> })
}

/// The whole app: the page at the address, or the configuration problem.
#[component]
pub fn App(
    /// The validated configuration, or every problem found in it.
    config: Result<Config, Vec<ConfigError>>,
    /// The `data-locale` attribute as given, used even when the rest of the configuration is unusable.
    #[prop(into, optional)]
    locale: String,
    /// The address the app was opened with (see [`address_bar`]).
    #[prop(optional)]
    address: Address,
) -> impl IntoView {
    let messages = Messages::for_locale(&locale);
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
            let problems = errors.iter().map(messages.config.problem).collect::<Vec<_>>();
            view! { <ConfigProblemPage problems=problems/> }.into_any()
        }
    }
}
