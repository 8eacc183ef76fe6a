//! Which URLs the tool accepts: `https`, or plain `http` only on loopback (the sandbox, a local receiver).

use url::Url;

/// Why a URL is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// Not an absolute URL.
    Unparsable(String),
    /// `http` to a host that is not loopback, or another scheme.
    NotHttps,
    /// A user name or password inside the URL.
    HasUserInfo,
    /// A query or fragment where none belongs (the API base, an origin).
    HasQueryOrFragment,
    /// A path where none belongs (an origin).
    HasPath,
}

impl std::fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unparsable(reason) => write!(f, "not an absolute URL ({reason})"),
            Self::NotHttps => {
                f.write_str("must be https:// (plain http:// only for 127.0.0.1, localhost or [::1])")
            }
            Self::HasUserInfo => f.write_str("must not contain a user name or password"),
            Self::HasQueryOrFragment => f.write_str("must not have a query or fragment"),
            Self::HasPath => f.write_str("must be scheme://host[:port] with no path"),
        }
    }
}

/// Whether `url`'s host is a loopback address or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Parses `raw` and checks the scheme rule and that it carries no credentials.
pub fn secure_url(raw: &str) -> Result<Url, UrlProblem> {
    let url = Url::parse(raw.trim()).map_err(|e| UrlProblem::Unparsable(e.to_string()))?;
    let allowed = match url.scheme() {
        "https" => url.host().is_some(),
        "http" => is_loopback(&url),
        _ => false,
    };
    if !allowed {
        return Err(UrlProblem::NotHttps);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::HasUserInfo);
    }
    Ok(url)
}

/// The API base URL (`EPCC_API_BASE_URL`) without a trailing slash, e.g. `https://useast.api.elasticpath.com`.
pub fn api_base(raw: &str) -> Result<String, UrlProblem> {
    let url = secure_url(raw)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(UrlProblem::HasQueryOrFragment);
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// A web origin (`scheme://host[:port]`) for the CORS preflight, as a browser would send it.
pub fn origin(raw: &str) -> Result<String, UrlProblem> {
    let url = Url::parse(raw.trim()).map_err(|e| UrlProblem::Unparsable(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(UrlProblem::Unparsable("an origin is http:// or https:// and a host".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(UrlProblem::HasQueryOrFragment);
    }
    if url.path() != "/" || !url.username().is_empty() || url.password().is_some() {
        return Err(UrlProblem::HasPath);
    }
    Ok(url.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_base_accepts_https_and_loopback_http() {
        assert_eq!(
            api_base("https://useast.api.elasticpath.com/").as_deref(),
            Ok("https://useast.api.elasticpath.com")
        );
        assert_eq!(api_base(" http://127.0.0.1:8081 ").as_deref(), Ok("http://127.0.0.1:8081"));
        assert_eq!(api_base("http://localhost:9").as_deref(), Ok("http://localhost:9"));
        assert_eq!(api_base("http://[::1]:9").as_deref(), Ok("http://[::1]:9"));
        assert_eq!(api_base("http://127.8.9.10").as_deref(), Ok("http://127.8.9.10"));
    }

    #[test]
    fn api_base_refuses_the_rest() {
        assert_eq!(api_base("http://useast.api.elasticpath.com"), Err(UrlProblem::NotHttps));
        assert_eq!(api_base("http://10.0.0.1"), Err(UrlProblem::NotHttps));
        assert_eq!(api_base("http://localhost.example.com"), Err(UrlProblem::NotHttps));
        assert_eq!(api_base("ftp://x.example"), Err(UrlProblem::NotHttps));
        assert_eq!(api_base("https://u:p@x.example"), Err(UrlProblem::HasUserInfo));
        assert_eq!(api_base("https://x.example/?a=1"), Err(UrlProblem::HasQueryOrFragment));
        assert!(matches!(api_base("useast.api.elasticpath.com"), Err(UrlProblem::Unparsable(_))));
    }

    #[test]
    fn webhook_urls_may_have_a_path_and_query() {
        assert!(secure_url("https://hooks.example/otp?x=1").is_ok());
        assert!(secure_url("http://127.0.0.1:4000/hook").is_ok());
        assert_eq!(secure_url("http://hooks.example/otp").err(), Some(UrlProblem::NotHttps));
    }

    #[test]
    fn origins_are_normalised_and_pathless() {
        assert_eq!(origin("https://Shop.Example").as_deref(), Ok("https://shop.example"));
        assert_eq!(origin("https://shop.example:443/").as_deref(), Ok("https://shop.example"));
        assert_eq!(origin("http://127.0.0.1:8080").as_deref(), Ok("http://127.0.0.1:8080"));
        assert_eq!(origin("https://shop.example/reset"), Err(UrlProblem::HasPath));
        assert!(origin("shop.example").is_err());
    }
}
