//! The command line of the `ep-sandbox` binary.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

use crate::config::{Config, DEFAULT_RATE_LIMIT};
use crate::error::SandboxError;
use crate::seed::Seed;

/// A local server that behaves like Elastic Path's password-reset APIs.
#[derive(Debug, Parser)]
#[command(name = "ep-sandbox", version, about)]
pub struct Cli {
    /// Address serving the API, the control API (/__sandbox) and the app.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Second address serving only the API and the control API (cross-origin tests).
    #[arg(long)]
    pub api_listen: Option<SocketAddr>,
    /// Directory of the built app (e.g. dist); served under --app-base with a single-page fallback.
    #[arg(long)]
    pub app_dir: Option<PathBuf>,
    /// Path prefix of the app (default /); also written into index.html's data-base-path.
    #[arg(long)]
    pub app_base: Option<String>,
    /// API origin written into index.html's data-api-base (e.g. http://127.0.0.1:8081).
    #[arg(long)]
    pub app_api_base: Option<String>,
    /// Base URL of the app in e-mail links (default http://<listen><app-base>).
    #[arg(long)]
    pub app_url: Option<String>,
    /// Seed file (JSON, or TOML if it ends in .toml) replacing the built-in store.
    #[arg(long)]
    pub seed: Option<PathBuf>,
    /// URL (http://) receiving one-time-password-token-request.created events.
    #[arg(long)]
    pub webhook_url: Option<String>,
    /// Sent to the webhook as X-MOLTIN-SECRET-KEY.
    #[arg(long)]
    pub webhook_secret: Option<String>,
    /// Requests per second per store (token bucket).
    #[arg(long, default_value_t = DEFAULT_RATE_LIMIT, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: u32,
    /// Send 429 answers without Retry-After.
    #[arg(long)]
    pub no_retry_after: bool,
    /// Do not expose Retry-After to cross-origin scripts.
    #[arg(long)]
    pub no_expose_retry_after: bool,
    /// Do not log requests to stderr.
    #[arg(long)]
    pub quiet: bool,
}

impl Cli {
    /// Validates the options and builds the configuration (reading the seed file, if any).
    pub fn into_config(self) -> Result<Config, SandboxError> {
        let seed = match &self.seed {
            Some(path) => Seed::load(path)?,
            None => Seed::default(),
        };
        if let Some(dir) = &self.app_dir
            && !dir.is_dir()
        {
            return Err(SandboxError::Config(format!("--app-dir {} is not a directory", dir.display())));
        }
        if let Some(url) = &self.webhook_url
            && !url.starts_with("http://")
        {
            return Err(SandboxError::Config(
                "--webhook-url must be an http:// URL (the sandbox speaks no TLS)".into(),
            ));
        }
        if let Some(url) = &self.app_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(SandboxError::Config("--app-url must start with http:// or https://".into()));
        }
        let mut config = Config::new(self.listen);
        config.api_listen = self.api_listen;
        config.app_dir = self.app_dir;
        config.app_base = self.app_base;
        config.app_api_base = self.app_api_base;
        config.app_url = self.app_url;
        config.seed = seed;
        config.webhook_url = self.webhook_url;
        config.webhook_secret = self.webhook_secret;
        config.rate_limit = self.rate_limit;
        config.retry_after = !self.no_retry_after;
        config.expose_retry_after = !self.no_expose_retry_after;
        config.log_requests = !self.quiet;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_command_line() {
        let cli = Cli::try_parse_from([
            "ep-sandbox",
            "--listen",
            "127.0.0.1:0",
            "--api-listen",
            "127.0.0.1:0",
            "--app-base",
            "/account/reset/",
            "--app-api-base",
            "http://127.0.0.1:8081",
            "--app-url",
            "https://shop.example/account/reset",
            "--webhook-url",
            "http://127.0.0.1:9/hook",
            "--webhook-secret",
            "s",
            "--rate-limit",
            "5",
            "--no-retry-after",
            "--no-expose-retry-after",
        ]);
        let config = cli.map_err(|e| e.to_string()).and_then(|c| c.into_config().map_err(|e| e.to_string()));
        let config = config.as_ref().ok();
        assert_eq!(config.map(|c| c.rate_limit), Some(5));
        assert_eq!(config.map(|c| c.retry_after), Some(false));
        assert_eq!(config.map(|c| c.expose_retry_after), Some(false));
        assert_eq!(config.map(Config::app_base_path).as_deref(), Some("/account/reset/"));
    }

    #[test]
    fn refuses_bad_values() {
        assert!(Cli::try_parse_from(["ep-sandbox", "--rate-limit", "0"]).is_err());
        let https_hook = Cli::try_parse_from(["ep-sandbox", "--webhook-url", "https://x"]);
        assert!(https_hook.is_ok_and(|c| c.into_config().is_err()));
    }
}
