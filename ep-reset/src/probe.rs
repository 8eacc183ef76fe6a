//! The two network probes of `check`: does a webhook URL answer at all, and what does a CORS preflight get.

use std::time::Duration;

use reqwest::Method;
use reqwest::blocking::Client;

use crate::api::{http_client, transport_reason};
use crate::cors::PreflightAnswer;
use crate::error::ResetError;

/// Limit of each probe: a receiver that answers at all answers within this.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// A client for probes (short timeout, no redirects, no credentials).
pub struct Prober {
    http: Client,
}

/// What a reachability probe got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// An HTTP answer with this status (any status counts as reachable).
    Answered(u16),
    /// No HTTP answer: the reason.
    Failed(String),
}

impl Prober {
    /// Builds the probe client.
    pub fn new() -> Result<Self, ResetError> {
        Ok(Self { http: http_client(PROBE_TIMEOUT)? })
    }

    /// Sends `GET url` and reports whether anything answered; a `GET` changes nothing at a receiver.
    pub fn reach(&self, url: &str) -> Reach {
        match self.http.get(url).send() {
            Ok(response) => Reach::Answered(response.status().as_u16()),
            Err(error) => Reach::Failed(transport_reason(&error)),
        }
    }

    /// Sends the preflight a browser at `origin` would send before `method url` with `headers`.
    pub fn preflight(
        &self,
        url: &str,
        origin: &str,
        method: &str,
        headers: &[&str],
    ) -> Result<PreflightAnswer, String> {
        let response = self
            .http
            .request(Method::OPTIONS, url)
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", headers.join(",").to_ascii_lowercase())
            .send()
            .map_err(|e| transport_reason(&e))?;
        let header =
            |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        Ok(PreflightAnswer {
            status: response.status().as_u16(),
            allow_origin: header("access-control-allow-origin"),
            allow_methods: header("access-control-allow-methods"),
            allow_headers: header("access-control-allow-headers"),
        })
    }
}
