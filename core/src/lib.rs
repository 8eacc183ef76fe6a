//! Browser-free logic of ep-password-reset.
//!
//! Everything that can be decided without a browser lives here, so it is tested on the host in seconds:
//! runtime configuration, the reset link, the password policy, username rules, `Retry-After`, the
//! Elastic Path DTOs and error model, the request/reset flows written against the [`flows::EpApi`] trait,
//! the app's two routes ([`route`]) and each page's session and view model ([`session`]).
//!
//! Nothing here reads a clock, spawns a thread or draws random numbers: time ("now") and jitter are
//! always inputs (see [`session::Host`]), and so is Unicode character data ([`unicode`]), so the same
//! code runs in the WASM app and in host tests. Nothing here holds user-facing text either: results are
//! enums that the app's messages module turns into sentences.

pub mod api;
pub mod breach;
pub mod config;
pub mod flows;
pub mod host_event;
pub mod locale;
pub mod password_policy;
pub mod reset_link;
pub mod resource_id;
pub mod retry;
pub mod return_to;
pub mod route;
pub mod secret;
pub mod session;
pub mod unicode;
pub mod username;
