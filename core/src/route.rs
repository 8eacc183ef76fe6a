//! The app's two pages, their addresses under the base path, and which one the element opens with.
//!
//! The first page comes from the `view` attribute ([`Page::opened`]); without one, from the address's
//! path, as the standalone page is served. Moving to another page afterwards is the element's own
//! business ([`Navigation`]): the host page's address and history are never used for it.

use ep_reset_link::{CHANGE_PASSWORD_PATH, FORGOT_PASSWORD_PATH};

use crate::config::View;
use crate::reset_link::carries_code;

/// A page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/forgot_password`
    ForgotPassword,
    /// `/change_password`
    ChangePassword,
}

impl Page {
    /// The page's path segment, the same names the e-mailed links use.
    pub fn segment(self) -> &'static str {
        match self {
            Page::ForgotPassword => FORGOT_PASSWORD_PATH,
            Page::ChangePassword => CHANGE_PASSWORD_PATH,
        }
    }

    /// The page's absolute path under `base_path` (`""` or `/prefix`, as in
    /// [`Config::base_path`](crate::config::Config::base_path)).
    pub fn href(self, base_path: &str) -> String {
        format!("{base_path}/{}", self.segment())
    }

    /// The page at `pathname` under `base_path` (one trailing slash allowed), or `None` for any other
    /// path: the not-found view.
    pub fn at(pathname: &str, base_path: &str) -> Option<Self> {
        let rest = pathname.strip_prefix(base_path)?.strip_prefix('/')?;
        let segment = rest.strip_suffix('/').unwrap_or(rest);
        [Page::ForgotPassword, Page::ChangePassword].into_iter().find(|page| page.segment() == segment)
    }

    /// The page the element opens with, for its `view` and the address it was opened with (`None`: the
    /// not-found view, only when the path decides).
    pub fn opened(view: View, pathname: &str, search: &str, hash: &str, base_path: &str) -> Option<Self> {
        match view {
            View::ByPath => Self::at(pathname, base_path),
            View::Forgot => Some(Page::ForgotPassword),
            View::Change => Some(Page::ChangePassword),
            View::Auto if carries_code(search, hash) => Some(Page::ChangePassword),
            View::Auto => Some(Page::ForgotPassword),
        }
    }
}

/// How a link to another page of the app behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Navigation {
    /// A plain link to the page's address under the base path (the standalone page, routed by path:
    /// each page keeps its own address, so a reload stays on it).
    Address,
    /// The element swaps the view in place; the host page's address is not touched.
    InPlace,
}

impl Navigation {
    /// Links follow the address only when the address chose the page.
    pub fn for_view(view: View) -> Self {
        if view == View::ByPath { Navigation::Address } else { Navigation::InPlace }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_view_attribute_decides_before_the_path() {
        let link = "?username=ada%40example.com&token=abc123";
        for (view, search, hash, expected) in [
            (View::Forgot, link, "", Some(Page::ForgotPassword)),
            (View::Change, "", "", Some(Page::ChangePassword)),
            (View::Auto, link, "", Some(Page::ChangePassword)),
            (View::Auto, "", "#token=abc123", Some(Page::ChangePassword)),
            (View::Auto, "?username=ada", "", Some(Page::ForgotPassword)),
            (View::Auto, "?token=%20", "", Some(Page::ForgotPassword)),
            (View::ByPath, link, "", None),
        ] {
            assert_eq!(
                Page::opened(view, "/shop/account", search, hash, ""),
                expected,
                "{view:?} {search}{hash}"
            );
        }
        assert_eq!(Page::opened(View::ByPath, "/change_password", "", "", ""), Some(Page::ChangePassword));
        assert_eq!(Navigation::for_view(View::ByPath), Navigation::Address);
        for view in [View::Forgot, View::Change, View::Auto] {
            assert_eq!(Navigation::for_view(view), Navigation::InPlace);
        }
    }

    #[test]
    fn both_pages_at_the_root_and_under_a_base_path() {
        for base in ["", "/account/reset"] {
            for page in [Page::ForgotPassword, Page::ChangePassword] {
                let href = page.href(base);
                assert_eq!(Page::at(&href, base), Some(page), "{href}");
                assert_eq!(Page::at(&format!("{href}/"), base), Some(page), "{href}/");
            }
        }
        assert_eq!(Page::ChangePassword.href("/account/reset"), "/account/reset/change_password");
        assert_eq!(Page::ForgotPassword.href(""), "/forgot_password");
    }

    #[test]
    fn anything_else_is_not_found() {
        for (path, base) in [
            ("/", ""),
            ("", ""),
            ("/elsewhere", ""),
            ("/forgot_password/x", ""),
            ("/forgot_password//", ""),
            ("/Forgot_Password", ""),
            ("/forgot_passwordx", ""),
            ("/forgot_password", "/account/reset"),
            ("/account/reset", "/account/reset"),
            ("/account/resetforgot_password", "/account/reset"),
            ("/other/forgot_password", "/account/reset"),
        ] {
            assert_eq!(Page::at(path, base), None, "{path} under {base:?}");
        }
    }
}
