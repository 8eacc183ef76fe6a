//! Contract tests: an in-process sandbox on 127.0.0.1:0, called over real HTTP.

mod app;
mod bounds;
mod concurrency;
mod control_guard;
mod cors;
mod faults;
mod integrations;
mod otp;
mod outbox;
mod permissions;
mod range;
mod rate_limit;
mod request_log;
mod settings_profiles;
mod support;
mod switches;
mod tokens;
mod users_credentials;
mod webhooks;
