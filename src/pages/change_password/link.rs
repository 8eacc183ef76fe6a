//! What the page learns from its address, read once on mount: the link (kept in memory only, and removed
//! from the address bar at once), or what the typed-code path can still use.

use ep_reset_core::config::Config;
use ep_reset_core::reset_link::{LinkIds, ResetLink, ResetLinkError, username_hint};
use leptos::prelude::on_cleanup;

use crate::address_bar;

/// How the page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// A usable link: the shopper only chooses a password.
    Link(ResetLink),
    /// No usable link: the shopper types the code (and the username, unless the link gave it).
    Typed {
        /// The username, when the link carried a usable one.
        username: Option<String>,
        /// Ids the address still carries (none if they were broken).
        ids: LinkIds,
        /// Whether there was a link that could not be used (rather than none at all, e.g. after a reload).
        broken: bool,
    },
}

/// Reads the address the app was opened with (the address bar itself was cleaned at start-up, see
/// [`address_bar`]) and decides how the page starts. Sends nothing: the code is used only when the
/// shopper submits.
pub fn read(config: &Config) -> Start {
    let address = address_bar::use_address();
    let (query, fragment) = (address.search.as_str(), address.hash.as_str());
    let link = ResetLink::parse(query, fragment).and_then(|link| {
        link.check_pins(config.realm_id.as_ref(), config.password_profile_id.as_ref()).map(|()| link)
    });
    match link {
        Ok(link) => Start::Link(link),
        Err(error) => Start::Typed {
            username: username_hint(query, fragment),
            ids: LinkIds::parse(query, fragment)
                .ok()
                .filter(|ids| {
                    ids.check_pins(config.realm_id.as_ref(), config.password_profile_id.as_ref()).is_ok()
                })
                .unwrap_or_default(),
            broken: error != ResetLinkError::Missing,
        },
    }
}

/// Adds `<meta name="referrer" content="no-referrer">` to the document while the page is mounted, unless
/// the host page already has a referrer policy meta (ours ships one; embedding storefronts may not).
pub fn keep_referrer_private() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.query_selector("meta[name=referrer]").ok().flatten().is_some() {
        return;
    }
    let (Some(head), Ok(meta)) = (document.head(), document.create_element("meta")) else { return };
    let _ = meta.set_attribute("name", "referrer");
    let _ = meta.set_attribute("content", "no-referrer");
    let _ = meta.set_attribute(OURS, "");
    if head.append_child(&meta).is_ok() {
        // Found again on cleanup rather than captured: elements are not `Send`.
        on_cleanup(|| {
            let document = web_sys::window().and_then(|w| w.document());
            let selector = format!("meta[{OURS}]");
            if let Some(meta) = document.and_then(|d| d.query_selector(&selector).ok().flatten()) {
                meta.remove();
            }
        });
    }
}

/// Marks the meta element this page added.
const OURS: &str = "data-ep-password-reset";
