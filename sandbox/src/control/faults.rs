//! Injected faults: per route, a status, a delay, a dropped connection, a malformed body or a redirect.

use axum::http::{HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};

use crate::api::ROUTE_NAMES;
use crate::state::{AppState, lock};

/// One fault, as posted to `/__sandbox/faults`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Route name, e.g. `access_token`, `otp_request`, `account_member_tokens`, `uappi_update`,
    /// `uappi_list`, `settings`.
    pub route: String,
    /// Answer this status with the EP error body (400–599), if set.
    #[serde(default)]
    pub status: Option<u16>,
    /// Wait this long before handling.
    #[serde(default)]
    pub delay_ms: u64,
    /// Close the connection without a valid HTTP answer.
    #[serde(default)]
    pub drop: bool,
    /// Answer the route's success status with a body that is not JSON.
    #[serde(default)]
    pub malformed: bool,
    /// Answer `307 Temporary Redirect` to this absolute `http(s)://` URL instead of handling the
    /// request (a misconfigured proxy or CDN in front of the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
    /// How many requests the fault applies to; `0` means until cleared.
    #[serde(default = "one")]
    pub times: u32,
}

/// The longest delay a fault may impose.
pub const MAX_DELAY_MS: u64 = 600_000;

fn one() -> u32 {
    1
}

impl Fault {
    /// Checks the route name and the status.
    pub fn validate(&self) -> Result<(), String> {
        if !ROUTE_NAMES.contains(&self.route.as_str()) {
            return Err(format!("unknown route {:?}; known: {}", self.route, ROUTE_NAMES.join(", ")));
        }
        if let Some(status) = self.status
            && !(400..=599).contains(&status)
        {
            return Err("status must be between 400 and 599".into());
        }
        let absolute = |url: &str| url.starts_with("http://") || url.starts_with("https://");
        if self.redirect.as_deref().is_some_and(|url| !absolute(url) || HeaderValue::from_str(url).is_err()) {
            return Err("redirect must be an absolute http:// or https:// URL".into());
        }
        if self.delay_ms > MAX_DELAY_MS {
            return Err(format!("delay_ms must be at most {MAX_DELAY_MS} (ten minutes)"));
        }
        Ok(())
    }

    /// The status to inject, if any.
    pub fn status_code(&self) -> Option<StatusCode> {
        self.status.and_then(|s| StatusCode::from_u16(s).ok())
    }
}

/// Takes the oldest fault for `route`, counting it down and removing it when used up.
pub fn take_fault(state: &AppState, route: &str) -> Option<Fault> {
    let mut faults = lock(&state.faults);
    let index = faults.iter().position(|f| f.route == route)?;
    let fault = faults.get_mut(index)?;
    let taken = fault.clone();
    match fault.times {
        0 => {}
        1 => {
            faults.remove(index);
        }
        _ => fault.times -= 1,
    }
    Some(taken)
}
