//! The app's pages and their addresses under the configured base path.
//!
//! `leptos_router`'s `<A>` leaves absolute hrefs alone, so in-app links are built here, from the same
//! path names the e-mailed links use (`ep_reset_link`).

use ep_reset_core::config::Config;
use ep_reset_link::{CHANGE_PASSWORD_PATH, FORGOT_PASSWORD_PATH};
use leptos::prelude::use_context;

/// `rel` of every link that leaves the app (sign-in page, the store after a reset). `external` makes
/// leptos_router let the browser navigate instead of routing the path inside the app; `noreferrer`
/// keeps the reset page's address out of the next request.
pub const LEAVE_APP_REL: &str = "external noreferrer noopener";

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/forgot_password`
    ForgotPassword,
    /// `/change_password`
    ChangePassword,
}

impl Page {
    /// The page's path segment.
    pub fn segment(self) -> &'static str {
        match self {
            Page::ForgotPassword => FORGOT_PASSWORD_PATH,
            Page::ChangePassword => CHANGE_PASSWORD_PATH,
        }
    }

    /// The page's absolute path under `base_path` (`""` or `/prefix`, as in [`Config::base_path`]).
    pub fn href_under(self, base_path: &str) -> String {
        format!("{base_path}/{}", self.segment())
    }

    /// The page's absolute path under the configured base path.
    pub fn href(self) -> String {
        let base = use_context::<Config>().map(|config| config.base_path).unwrap_or_default();
        self.href_under(&base)
    }
}
