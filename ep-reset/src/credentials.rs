//! The store's client_credentials, read from the environment the way Elastic Path's own CLI does.

use crate::error::ResetError;
use crate::secret::Secret;
use crate::urls;

/// The API base URL, e.g. `https://useast.api.elasticpath.com` (Commerce Manager › API keys).
pub const BASE_URL_VAR: &str = "EPCC_API_BASE_URL";
/// The client id of a client_credentials key.
pub const CLIENT_ID_VAR: &str = "EPCC_CLIENT_ID";
/// The client secret of that key; never read from anywhere else.
pub const CLIENT_SECRET_VAR: &str = "EPCC_CLIENT_SECRET";

/// What the tool needs to talk to a store.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// The API base URL without a trailing slash.
    pub base_url: String,
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: Secret,
}

impl Credentials {
    /// Reads the three variables through `var` (the process environment in `main`); empty counts as unset.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Self, ResetError> {
        let read = |name: &str| var(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let (base, id, secret) = (read(BASE_URL_VAR), read(CLIENT_ID_VAR), read(CLIENT_SECRET_VAR));
        let missing: Vec<&'static str> = [
            (BASE_URL_VAR, base.is_none()),
            (CLIENT_ID_VAR, id.is_none()),
            (CLIENT_SECRET_VAR, secret.is_none()),
        ]
        .into_iter()
        .filter_map(|(name, absent)| absent.then_some(name))
        .collect();
        let (Some(base), Some(client_id), Some(secret)) = (base, id, secret) else {
            return Err(ResetError::MissingCredentials(missing));
        };
        let base_url = urls::api_base(&base).map_err(ResetError::BadApiBase)?;
        Ok(Self { base_url, client_id, client_secret: Secret::new(secret) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
    }

    #[test]
    fn reads_the_three_variables() {
        let creds = Credentials::from_env(env(&[
            (BASE_URL_VAR, "https://useast.api.elasticpath.com/"),
            (CLIENT_ID_VAR, " id "),
            (CLIENT_SECRET_VAR, "secret"),
        ]));
        let creds = creds.ok();
        assert_eq!(creds.as_ref().map(|c| c.base_url.as_str()), Some("https://useast.api.elasticpath.com"));
        assert_eq!(creds.as_ref().map(|c| c.client_id.as_str()), Some("id"));
        assert_eq!(creds.as_ref().map(|c| c.client_secret.expose().as_str()), Some("secret"));
    }

    #[test]
    fn names_every_missing_variable() {
        let error = Credentials::from_env(env(&[(CLIENT_ID_VAR, "id"), (CLIENT_SECRET_VAR, "")])).err();
        assert!(matches!(
            error,
            Some(ResetError::MissingCredentials(ref names)) if names == &[BASE_URL_VAR, CLIENT_SECRET_VAR]
        ));
    }

    #[test]
    fn refuses_plain_http_to_a_remote_store() {
        let error = Credentials::from_env(env(&[
            (BASE_URL_VAR, "http://useast.api.elasticpath.com"),
            (CLIENT_ID_VAR, "id"),
            (CLIENT_SECRET_VAR, "secret"),
        ]))
        .err();
        assert!(matches!(error, Some(ResetError::BadApiBase(urls::UrlProblem::NotHttps))));
    }
}
