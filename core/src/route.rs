//! The app's two pages and their addresses under the base path.
//!
//! A page is chosen once, from the address it was opened with: every link between pages is a full page
//! load (the e-mailed link arrives as one anyway), so the app needs no client-side router.

use ep_reset_link::{CHANGE_PASSWORD_PATH, FORGOT_PASSWORD_PATH};

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
