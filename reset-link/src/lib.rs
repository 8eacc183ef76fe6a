//! The reset-link format.
//!
//! This crate is the one definition of the link that a store's webhook (or e-mail template) puts into the
//! password-reset e-mail, shared by the sandbox (which builds it), the app (which parses it) and the docs.
//!
//! A link is `<app url>/change_password?<query>` where the query (or, equally, the fragment) carries:
//!
//! | parameter | required |
//! |---|---|
//! | [`param::USERNAME`] (`username`) | yes |
//! | [`param::TOKEN`] (`token`, the one-time password) | yes |
//! | [`param::PASSWORD_PROFILE_ID`] (`password_profile_id`) | no |
//! | [`param::AUTHENTICATION_REALM_ID`] (`authentication_realm_id`) | no |
//! | [`param::USER_AUTHENTICATION_PASSWORD_PROFILE_INFO_ID`] (`user_authentication_password_profile_info_id`) | no |
//! | [`param::LOCALE`] (`locale`, the language the e-mail was written in) | no |
//!
//! Values are `application/x-www-form-urlencoded`: percent-encoded UTF-8, and `+` decodes to a space.
//!
//! ```
//! use ep_reset_link::{ResetLinkParams, parse_pairs};
//!
//! let params = ResetLinkParams {
//!     username: "ada@example.com".into(),
//!     token: "lprvj4".into(),
//!     password_profile_id: None,
//!     authentication_realm_id: None,
//!     user_authentication_password_profile_info_id: None,
//!     locale: None,
//! };
//! let link = params.build("https://shop.example/account/reset/");
//! assert_eq!(link, "https://shop.example/account/reset/change_password?username=ada%40example.com&token=lprvj4");
//! let query = link.split_once('?').map(|(_, q)| q).unwrap_or_default();
//! assert_eq!(ResetLinkParams::parse(query), Some(params));
//! assert_eq!(parse_pairs("?a=1+2")[0], ("a".to_string(), "1 2".to_string()));
//! ```

mod codec;

pub use codec::{encode_component, parse_pairs};

/// Path segment (relative to the app's base URL) of the page that completes a reset.
pub const CHANGE_PASSWORD_PATH: &str = "change_password";

/// Path segment (relative to the app's base URL) of the page that requests a reset e-mail.
pub const FORGOT_PASSWORD_PATH: &str = "forgot_password";

/// Names of the link's query (or fragment) parameters.
pub mod param {
    /// The username of the credential (for `email` profiles, the e-mail address). Required.
    pub const USERNAME: &str = "username";
    /// The one-time password from the `one-time-password-token-request.created` event. Required.
    pub const TOKEN: &str = "token";
    /// The password profile the one-time password was issued for. Optional.
    pub const PASSWORD_PROFILE_ID: &str = "password_profile_id";
    /// The Account Management authentication realm. Optional.
    pub const AUTHENTICATION_REALM_ID: &str = "authentication_realm_id";
    /// The id of the credential (user authentication password profile info) to update. Optional.
    pub const USER_AUTHENTICATION_PASSWORD_PROFILE_INFO_ID: &str =
        "user_authentication_password_profile_info_id";
    /// The language of the e-mail (a BCP 47 tag such as `de`), so the change page opens in it. Optional;
    /// a value the app has no catalogue for is ignored. Not a secret: it stays in the address bar.
    pub const LOCALE: &str = "locale";
}

/// The parameters carried by a reset link.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResetLinkParams {
    /// The credential's username.
    pub username: String,
    /// The one-time password.
    pub token: String,
    /// The password profile id, if the link carries it.
    pub password_profile_id: Option<String>,
    /// The authentication realm id, if the link carries it.
    pub authentication_realm_id: Option<String>,
    /// The user authentication password profile info id, if the link carries it.
    pub user_authentication_password_profile_info_id: Option<String>,
    /// The e-mail's language, if the link carries it.
    pub locale: Option<String>,
}

impl ResetLinkParams {
    /// The parameters in their fixed order, optional ones only when present.
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = vec![(param::USERNAME, self.username.as_str()), (param::TOKEN, self.token.as_str())];
        let optional = [
            (param::PASSWORD_PROFILE_ID, &self.password_profile_id),
            (param::AUTHENTICATION_REALM_ID, &self.authentication_realm_id),
            (
                param::USER_AUTHENTICATION_PASSWORD_PROFILE_INFO_ID,
                &self.user_authentication_password_profile_info_id,
            ),
            (param::LOCALE, &self.locale),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                pairs.push((name, value.as_str()));
            }
        }
        pairs
    }

    /// The percent-encoded `application/x-www-form-urlencoded` query, without a leading `?`.
    ///
    /// Parameter order is stable: `username`, `token`, `password_profile_id`, `authentication_realm_id`,
    /// `user_authentication_password_profile_info_id`, `locale`; optional parameters that are `None` are omitted.
    pub fn to_query(&self) -> String {
        self.pairs()
            .into_iter()
            .map(|(name, value)| format!("{name}={}", encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The full link: `app_url` (with exactly one trailing slash), [`CHANGE_PASSWORD_PATH`], `?`, the query.
    ///
    /// `app_url` is the app's base URL without query or fragment, e.g. `http://127.0.0.1:8080/` or
    /// `https://shop.example/account/reset`.
    pub fn build(&self, app_url: &str) -> String {
        format!("{}/{CHANGE_PASSWORD_PATH}?{}", app_url.trim_end_matches('/'), self.to_query())
    }

    /// The same link with the parameters in the fragment (`#` instead of `?`): browsers never send a
    /// fragment, so the code stays out of server, CDN and proxy logs. The app reads both forms.
    pub fn build_fragment(&self, app_url: &str) -> String {
        format!("{}/{CHANGE_PASSWORD_PATH}#{}", app_url.trim_end_matches('/'), self.to_query())
    }

    /// Reads the parameters from a query or fragment string (leading `?` or `#` allowed).
    ///
    /// The first occurrence of each parameter wins; unknown parameters are ignored; empty optional values
    /// count as absent. Returns `None` when `username` or `token` is missing or empty.
    pub fn parse(s: &str) -> Option<Self> {
        let pairs = parse_pairs(s);
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
                .filter(|value| !value.is_empty())
        };
        Some(Self {
            username: get(param::USERNAME)?,
            token: get(param::TOKEN)?,
            password_profile_id: get(param::PASSWORD_PROFILE_ID),
            authentication_realm_id: get(param::AUTHENTICATION_REALM_ID),
            user_authentication_password_profile_info_id: get(
                param::USER_AUTHENTICATION_PASSWORD_PROFILE_INFO_ID,
            ),
            locale: get(param::LOCALE),
        })
    }
}

#[cfg(test)]
mod tests;
