//! Reads the configuration from the element's attributes (the validation itself is
//! [`ep_reset_core::config`]).

use ep_reset_core::config::{Config, ConfigError, attr};
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

/// The path of the document's base URL, when the page has a `<base href>` element.
fn base_element_path() -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector("base[href]").ok()??;
    let base_uri = document.base_uri().ok()??;
    web_sys::Url::new(&base_uri).ok().map(|url| url.pathname())
}
