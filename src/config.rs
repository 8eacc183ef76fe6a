//! Reads the configuration from the element's attributes (the validation itself is
//! [`ep_reset_core::config`]).

use ep_reset_core::config::{Config, ConfigError, attr};
use ep_reset_core::locale::{ATTRIBUTES as LOCALE_ATTRIBUTES, LocaleSources};
use ep_reset_core::reset_link::link_locale;
use web_sys::Element;

/// Validates the attributes of `element`. Without `base-path`, the base path is the path of the page's
/// `<base href>`, so a sub-path deployment changes one value.
pub fn read(element: &Element) -> Result<Config, Vec<ConfigError>> {
    Config::from_attributes(|name| {
        element
            .get_attribute(name)
            .or_else(|| if name == attr::BASE_PATH { base_element_path() } else { None })
    })
}

/// What `element`, the host page, the browser and the address (`search`, `hash`) say about the language,
/// for [`ep_reset_core::locale::negotiate`].
pub fn locale_sources(element: &Element, search: &str, hash: &str) -> LocaleSources {
    let window = web_sys::window();
    let html = window.as_ref().and_then(|w| w.document()).and_then(|d| d.document_element());
    LocaleSources {
        link: link_locale(search, hash),
        attribute: LOCALE_ATTRIBUTES.iter().find_map(|name| element.get_attribute(name)),
        html_lang: html.and_then(|html| html.get_attribute("lang")),
        navigator: window
            .map(|w| w.navigator().languages().iter().filter_map(|tag| tag.as_string()).collect())
            .unwrap_or_default(),
    }
}

/// The path of the document's base URL, when the page has a `<base href>` element.
fn base_element_path() -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector("base[href]").ok()??;
    let base_uri = document.base_uri().ok()??;
    web_sys::Url::new(&base_uri).ok().map(|url| url.pathname())
}
