//! The command line of the `ep-sandbox` binary.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

use crate::config::{Config, DEFAULT_RATE_LIMIT};
use crate::error::SandboxError;
use crate::seed::{Seed, is_header_safe_secret};
use crate::switches::{BreachRange, CommonPasswordList, ImplicitSettings, OtpRequestType, Switches};
use crate::webhooks::{DeliveryPolicy, REMOTE_WEBHOOK_REFUSED, is_loopback_url};

/// The environment variable that gives the admin client secret (a secret never goes on the command
/// line, where other users of the machine can read it).
pub const CLIENT_SECRET_VAR: &str = "EP_SANDBOX_CLIENT_SECRET";

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
    /// Path prefix of the app (default /); also written into the base-path attribute of index.html's <ep-password-reset>.
    #[arg(long)]
    pub app_base: Option<String>,
    /// API origin written into index.html's api-base attribute: the <ep-password-reset> element's, or any element's carrying one (the bench's vanilla page) (e.g. http://127.0.0.1:8081).
    #[arg(long)]
    pub app_api_base: Option<String>,
    /// Turn on the element's breach check in index.html against this range API URL (its
    /// breach-check attribute), e.g. http://127.0.0.1:8080/range/ for the sandbox's own.
    #[arg(long)]
    pub app_breach_check: Option<String>,
    /// Base URL of the app in e-mail links (default http://<listen><app-base>).
    #[arg(long)]
    pub app_url: Option<String>,
    /// Seed file (JSON, or TOML if it ends in .toml) replacing the built-in store.
    #[arg(long)]
    pub seed: Option<PathBuf>,
    /// Create a webhook integration (http://) observing one-time-password-token-request.created,
    /// at start and after each /__sandbox/reset.
    #[arg(long)]
    pub webhook_url: Option<String>,
    /// Let webhook integrations (this one and those created through the API) post to hosts other
    /// than this machine's loopback addresses.
    #[arg(long)]
    pub allow_remote_webhooks: bool,
    /// That integration's secret_key, sent as X-MOLTIN-SECRET-KEY.
    #[arg(long, requires = "webhook_url")]
    pub webhook_secret: Option<String>,
    /// Wait before the second webhook attempt, in ms; doubled before each further one.
    #[arg(long, default_value_t = 1000)]
    pub webhook_retry_base_ms: u64,
    /// A webhook attempt not answered within this many ms fails.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub webhook_timeout_ms: u64,
    /// Webhook attempts in all before an event is given up.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub webhook_max_attempts: u32,
    /// Requests per second per store (token bucket).
    #[arg(long, default_value_t = DEFAULT_RATE_LIMIT, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_limit: u32,
    /// Accepted spellings of the OTP request's type (switch otp_request_type; default both).
    #[arg(long, value_enum)]
    pub otp_request_type: Option<OtpRequestType>,
    /// Send 429 answers without Retry-After (switch retry_after).
    #[arg(long)]
    pub no_retry_after: bool,
    /// Expose Retry-After to cross-origin scripts (switch expose_retry_after).
    #[arg(long)]
    pub expose_retry_after: bool,
    /// Whether an implicit token may read the account authentication settings (switch
    /// implicit_settings; default allow).
    #[arg(long, value_enum)]
    pub implicit_settings: Option<ImplicitSettings>,
    /// Answer 4xx/5xx API requests without CORS headers (switch strip_error_cors).
    #[arg(long)]
    pub strip_error_cors: bool,
    /// Give every seeded user an older second credential, listed first (switch duplicate_credentials).
    #[arg(long)]
    pub duplicate_credentials: bool,
    /// How the app's common-password list is served (switch common_password_list; default served).
    #[arg(long, value_enum)]
    pub common_password_list: Option<CommonPasswordList>,
    /// How the range API answers (switch breach_range; default padded).
    #[arg(long, value_enum)]
    pub breach_range: Option<BreachRange>,
    /// Do not log requests to stderr.
    #[arg(long)]
    pub quiet: bool,
}

impl Cli {
    /// The seed's switches with the switch options given on the command line applied.
    fn switches(&self, seed: Switches) -> Switches {
        Switches {
            otp_request_type: self.otp_request_type.unwrap_or(seed.otp_request_type),
            retry_after: seed.retry_after && !self.no_retry_after,
            expose_retry_after: seed.expose_retry_after || self.expose_retry_after,
            implicit_settings: self.implicit_settings.unwrap_or(seed.implicit_settings),
            strip_error_cors: seed.strip_error_cors || self.strip_error_cors,
            duplicate_credentials: seed.duplicate_credentials || self.duplicate_credentials,
            common_password_list: self.common_password_list.unwrap_or(seed.common_password_list),
            breach_range: self.breach_range.unwrap_or(seed.breach_range),
        }
    }

    /// Validates the options and builds the configuration (reading the seed file, if any);
    /// `client_secret` is the value of [`CLIENT_SECRET_VAR`], which overrides the seed's.
    pub fn into_config(self, client_secret: Option<String>) -> Result<Config, SandboxError> {
        let mut seed = match &self.seed {
            Some(path) => Seed::load(path)?,
            None => Seed::default(),
        };
        seed.switches = self.switches(seed.switches);
        if let Some(secret) = client_secret {
            if !is_header_safe_secret(&secret) {
                return Err(SandboxError::Config(format!(
                    "{CLIENT_SECRET_VAR} must be non-empty visible ASCII characters"
                )));
            }
            seed.client_secret = Some(secret);
        }
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
        if let Some(url) = &self.webhook_url
            && !self.allow_remote_webhooks
            && !is_loopback_url(url)
        {
            return Err(SandboxError::Config(format!("--webhook-url: {REMOTE_WEBHOOK_REFUSED}")));
        }
        if let Some(secret) = &self.webhook_secret
            && !secret.bytes().all(|b| b.is_ascii_graphic())
        {
            // It travels as a header: anything else would fail every delivery, silently.
            return Err(SandboxError::Config("--webhook-secret must be visible ASCII characters".into()));
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
        config.app_breach_check = self.app_breach_check;
        config.app_url = self.app_url;
        config.seed = seed;
        config.webhook_url = self.webhook_url;
        config.webhook_secret = self.webhook_secret;
        config.allow_remote_webhooks = self.allow_remote_webhooks;
        config.delivery = DeliveryPolicy {
            retry_base: Duration::from_millis(self.webhook_retry_base_ms),
            timeout: Duration::from_millis(self.webhook_timeout_ms),
            max_attempts: self.webhook_max_attempts,
        };
        config.rate_limit = self.rate_limit;
        config.log_requests = !self.quiet;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Result<Config, String> {
        let cli = Cli::try_parse_from(std::iter::once("ep-sandbox").chain(args.iter().copied()));
        cli.map_err(|e| e.to_string()).and_then(|c| c.into_config(None).map_err(|e| e.to_string()))
    }

    #[test]
    fn parses_the_documented_command_line() {
        let config = config(&[
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
            "--webhook-retry-base-ms",
            "5",
            "--webhook-timeout-ms",
            "250",
            "--webhook-max-attempts",
            "3",
            "--rate-limit",
            "5",
        ]);
        let config = config.as_ref().ok();
        assert_eq!(config.map(|c| c.rate_limit), Some(5));
        assert_eq!(config.map(Config::app_base_path).as_deref(), Some("/account/reset/"));
        assert_eq!(config.and_then(|c| c.webhook_secret.as_deref()), Some("s"));
        assert_eq!(
            config.map(|c| c.delivery),
            Some(DeliveryPolicy {
                retry_base: Duration::from_millis(5),
                timeout: Duration::from_millis(250),
                max_attempts: 3
            })
        );
    }

    #[test]
    fn defaults() {
        let config = config(&[]).ok();
        assert_eq!(config.as_ref().map(|c| c.seed.switches), Some(Switches::default()));
        assert_eq!(config.as_ref().map(|c| c.delivery), Some(DeliveryPolicy::default()));
        assert_eq!(config.map(|c| c.webhook_url), Some(None));
    }

    #[test]
    fn every_switch_has_an_option() {
        let all = config(&[
            "--otp-request-type",
            "hyphen",
            "--no-retry-after",
            "--expose-retry-after",
            "--implicit-settings",
            "refuse",
            "--strip-error-cors",
            "--duplicate-credentials",
            "--common-password-list",
            "truncated",
            "--breach-range",
            "slow",
        ]);
        let expected = Switches {
            otp_request_type: OtpRequestType::Hyphen,
            retry_after: false,
            expose_retry_after: true,
            implicit_settings: ImplicitSettings::Refuse,
            strip_error_cors: true,
            duplicate_credentials: true,
            common_password_list: CommonPasswordList::Truncated,
            breach_range: BreachRange::Slow,
        };
        assert_eq!(all.map(|c| c.seed.switches), Ok(expected));
        let underscore = config(&["--otp-request-type", "underscore"]);
        assert_eq!(underscore.map(|c| c.seed.switches.otp_request_type), Ok(OtpRequestType::Underscore));
        let allow = config(&["--implicit-settings", "allow"]);
        assert_eq!(allow.map(|c| c.seed.switches.implicit_settings), Ok(ImplicitSettings::Allow));
    }

    #[test]
    fn the_command_line_overrides_the_seed_file() {
        let path = std::env::temp_dir().join(format!("ep-sandbox-cli-seed-{}.json", std::process::id()));
        let written = std::fs::write(
            &path,
            r#"{"switches": {"otp_request_type": "underscore", "implicit_settings": "refuse", "strip_error_cors": true}}"#,
        );
        assert!(written.is_ok());
        let seed = path.to_string_lossy().into_owned();
        let from_seed = config(&["--seed", &seed]).map(|c| c.seed.switches);
        let overridden =
            config(&["--seed", &seed, "--otp-request-type", "both", "--implicit-settings", "allow"])
                .map(|c| c.seed.switches);
        let _ = std::fs::remove_file(&path);
        let seeded = Switches {
            otp_request_type: OtpRequestType::Underscore,
            implicit_settings: ImplicitSettings::Refuse,
            strip_error_cors: true,
            ..Switches::default()
        };
        assert_eq!(from_seed, Ok(seeded));
        assert_eq!(
            overridden,
            Ok(Switches {
                otp_request_type: OtpRequestType::Both,
                implicit_settings: ImplicitSettings::Allow,
                ..seeded
            })
        );
    }

    #[test]
    fn refuses_bad_values() {
        for bad in [
            &["--rate-limit", "0"][..],
            &["--webhook-url", "https://x"],
            &["--webhook-secret", "s"],
            &["--webhook-url", "http://127.0.0.1:9/", "--webhook-secret", "two words"],
            &["--webhook-max-attempts", "0"],
            &["--webhook-timeout-ms", "0"],
            &["--webhook-retry-base-ms", "-1"],
            &["--otp-request-type", "dashes"],
            &["--implicit-settings", "maybe"],
            &["--no-expose-retry-after"],
            &["--webhook-url", "http://shop.example/hook"],
            &["--webhook-url", "http://10.0.0.1/hook"],
        ] {
            assert!(config(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn remote_webhooks_need_the_flag() {
        let remote = config(&["--webhook-url", "http://shop.example/hook", "--allow-remote-webhooks"]);
        assert_eq!(remote.map(|c| c.allow_remote_webhooks), Ok(true));
        let local = config(&["--webhook-url", "http://localhost:9/hook"]);
        assert_eq!(local.map(|c| c.allow_remote_webhooks), Ok(false));
    }

    #[test]
    fn the_environment_gives_the_client_secret() {
        let parse = |secret: &str| {
            Cli::try_parse_from(["ep-sandbox"])
                .map_err(|e| e.to_string())
                .and_then(|c| c.into_config(Some(secret.to_owned())).map_err(|e| e.to_string()))
        };
        assert_eq!(parse("s3cret").map(|c| c.seed.client_secret), Ok(Some("s3cret".to_owned())));
        assert!(parse("").is_err());
        assert!(parse("two words").is_err());
        assert_eq!(config(&[]).map(|c| c.seed.client_secret), Ok(None), "drawn at start");
    }
}
