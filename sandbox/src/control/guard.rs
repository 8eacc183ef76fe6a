//! What the control API accepts: only requests a web page can neither forge nor read.
//!
//! The control API holds live one-time codes and can change the store, and it listens on a developer's
//! machine, where any page open in a browser can send requests to loopback. So every control request
//! must
//! - name one of the sandbox's own addresses in `Host` (403 otherwise): a page that rebinds its own
//!   domain to 127.0.0.1 still sends its domain there;
//! - carry [`CONTROL_HEADER`]`: 1` (403 otherwise): a cross-site page can add a custom header only
//!   after a CORS preflight, which the control API never grants;
//! - unless it is a `GET` or `HEAD`, say `Content-Type: application/json` (415 otherwise), which no HTML
//!   form and no `text/plain` beacon can.
//!
//! The one exception is `GET /__sandbox/outbox.html`, the page a person opens in the browser: it needs
//! only the right `Host`. A page elsewhere may open it but cannot read it (no CORS headers) or frame it.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// The header every control request (but the outbox page) carries, with the value `1`.
pub const CONTROL_HEADER: &str = "EP-Sandbox-Control";

/// The control page a person opens in the browser, exempt from the header rules.
const OUTBOX_PAGE: &str = "/__sandbox/outbox.html";

/// The `Host` values the control API answers: the listen addresses (with `localhost` for loopback ones,
/// and any IP address for one listening on all interfaces) and the host of `--app-url`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostAllowList {
    /// Host (lowercase; IPv6 in brackets) and port pairs.
    exact: Vec<(String, u16)>,
    /// Ports on which any IP address literal is accepted (a listener on `0.0.0.0` or `::`). A DNS
    /// rebinding page always sends a name, never an address.
    any_ip_on: Vec<u16>,
}

impl HostAllowList {
    /// The hosts for sockets bound to `listen`, plus the authority of `app_url` if given.
    pub fn new(listen: &[SocketAddr], app_url: Option<&str>) -> Self {
        let mut list = Self::default();
        for addr in listen {
            let port = addr.port();
            let ip = addr.ip();
            if ip.is_unspecified() {
                list.any_ip_on.push(port);
            } else {
                list.exact.push((host_of(ip), port));
            }
            if ip.is_loopback() || ip.is_unspecified() {
                list.exact.push(("localhost".to_string(), port));
            }
        }
        if let Some((host, port)) = app_url.and_then(url_authority) {
            list.exact.push((host, port));
        }
        list
    }

    /// Whether a request whose `Host` header is `value` may use the control API.
    pub fn allows(&self, value: &str) -> bool {
        let Some((host, port)) = parse_host(value, 80) else { return false };
        let is_ip = IpAddr::from_str(host.trim_start_matches('[').trim_end_matches(']')).is_ok();
        (is_ip && self.any_ip_on.contains(&port)) || self.exact.iter().any(|(h, p)| *h == host && *p == port)
    }
}

/// An IP address as it appears in a `Host` header.
fn host_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// Host (lowercase) and port of an `authority` (`host[:port]`); `None` if it is not one.
fn parse_host(authority: &str, default_port: u16) -> Option<(String, u16)> {
    if authority.contains('@') {
        return None;
    }
    let authority = Authority::from_str(authority).ok()?;
    Some((authority.host().to_ascii_lowercase(), authority.port_u16().unwrap_or(default_port)))
}

/// Host and port of an `http://` or `https://` URL.
fn url_authority(url: &str) -> Option<(String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    parse_host(authority, default_port)
}

/// Refuses a control request that a web page could have sent (see the module documentation).
pub async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    match check(&state, req.method(), req.uri().path(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(error) => error.into_response(),
    }
}

fn check(state: &AppState, method: &Method, path: &str, headers: &HeaderMap) -> Result<(), ApiError> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !state.control_hosts.allows(host) {
        return Err(ApiError::Forbidden(
            "the Host header names none of this sandbox's listen addresses, so the control API refuses \
             the request (a page rebinding its domain to this machine looks like this)",
        ));
    }
    let reads = *method == Method::GET || *method == Method::HEAD;
    if reads && path == OUTBOX_PAGE {
        return Ok(());
    }
    if headers.get(CONTROL_HEADER).is_none_or(|v| v.as_bytes() != b"1") {
        return Err(ApiError::Forbidden(
            "control API requests need the header EP-Sandbox-Control: 1 (web pages cannot send it)",
        ));
    }
    if !reads && !is_json(headers) {
        return Err(ApiError::UnsupportedMediaType(
            "control API requests other than GET need Content-Type: application/json, even without a body",
        ));
    }
    Ok(())
}

/// Whether `Content-Type` is `application/json` (parameters such as `charset` allowed).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(text: &str) -> SocketAddr {
        text.parse().expect("a socket address")
    }

    #[test]
    fn loopback_listeners_accept_their_address_and_localhost_on_their_port() {
        let list = HostAllowList::new(&[addr("127.0.0.1:4510"), addr("[::1]:4511")], None);
        for host in ["127.0.0.1:4510", "LOCALHOST:4510", "[::1]:4511", "localhost:4511"] {
            assert!(list.allows(host), "{host}");
        }
        for host in [
            "127.0.0.1:4511",
            "127.0.0.1",
            "evil.example:4510",
            "localhost.evil.example:4510",
            "127.0.0.2:4510",
            "user@127.0.0.1:4510",
            "",
            "127.0.0.1:4510/x",
            "[::1]:4510",
        ] {
            assert!(!list.allows(host), "{host}");
        }
    }

    #[test]
    fn an_all_interfaces_listener_accepts_any_address_literal_but_no_other_name() {
        let list = HostAllowList::new(&[addr("0.0.0.0:8080")], None);
        for host in ["192.168.1.20:8080", "127.0.0.1:8080", "[fe80::1]:8080", "localhost:8080"] {
            assert!(list.allows(host), "{host}");
        }
        for host in ["192.168.1.20:8081", "rebind.example:8080", "192.168.1.20"] {
            assert!(!list.allows(host), "{host}");
        }
    }

    #[test]
    fn port_80_may_be_left_out_and_the_app_url_host_counts() {
        let list = HostAllowList::new(&[addr("127.0.0.1:80")], Some("https://Shop.Example/account/reset/"));
        assert!(list.allows("127.0.0.1"));
        assert!(list.allows("127.0.0.1:80"));
        assert!(list.allows("shop.example:443"));
        assert!(!list.allows("shop.example"), "port 80 is not the app URL's 443");
        let list = HostAllowList::new(&[], Some("http://shop.test:8080?x"));
        assert!(list.allows("shop.test:8080"));
        assert_eq!(HostAllowList::new(&[], Some("ftp://shop.test/")), HostAllowList::default());
    }
}
