//! `ep-reset mailer`'s options and environment, checked before anything starts.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;

use crate::secret::Secret;
use crate::urls::{self, UrlProblem};

use super::backoff::Backoff;
use super::clock::{Clock, SystemClock};
use super::error::MailerError;
use super::smtp::{self, SmtpTarget};
use super::templates::Templates;
use super::webhook_secret::WebhookSecret;
use ep_reset_core::locale::Locale;

/// The command line of `ep-reset mailer`.
#[derive(Debug, Clone, clap::Args)]
pub struct MailerArgs {
    /// Address to listen on (put a TLS-terminating proxy in front: Elastic Path calls an https:// URL).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8090")]
    pub listen: String,
    /// Base URL of the app; the e-mailed link is <URL>/change_password?… (https://; http:// only for loopback).
    #[arg(long, value_name = "URL")]
    pub app_url: String,
    /// The SMTP server: smtp://host[:port] (STARTTLS required unless on this machine) or smtps://host[:port].
    #[arg(long, value_name = "URL")]
    pub smtp_url: String,
    /// The sender, e.g. "Shop <no-reply@shop.example>".
    #[arg(long, value_name = "ADDRESS")]
    pub from: String,
    /// The queue database (SQLite; created if missing; several mailers on one host may share it).
    #[arg(long, value_name = "PATH", default_value = "ep-reset-mailer.sqlite3")]
    pub db: PathBuf,
    /// Directory whose subject.txt, body.txt and body.html (in DIR/<tag>/ for one language, in DIR for
    /// every language) replace the built-in templates.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Language of an e-mail whose request names none: en, de, fr, es, nl, pl, ar or he. A webhook URL
    /// with `?locale=TAG` names one.
    #[arg(long, value_name = "TAG", default_value = "en")]
    pub locale: String,
    /// Wait before the second SMTP attempt, in ms; doubled before each further one.
    #[arg(long, value_name = "MS", default_value_t = 2_000)]
    pub retry_base_ms: u64,
    /// Longest wait between two SMTP attempts, in ms.
    #[arg(long, value_name = "MS", default_value_t = 60_000)]
    pub retry_max_ms: u64,
    /// Limit of each SMTP command, in ms (a whole hand-over gets twice this).
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub smtp_timeout_ms: u64,
}

/// Everything the mailer runs with, checked.
pub struct Config {
    /// `--listen`.
    pub listen: String,
    /// `--app-url`, without a trailing slash.
    pub app_url: String,
    /// `--smtp-url`.
    pub smtp: SmtpTarget,
    /// SMTP user name and password, from the environment.
    pub smtp_credentials: Option<(String, Secret)>,
    /// `--smtp-timeout-ms`.
    pub smtp_timeout: Duration,
    /// `--from`.
    pub from: Mailbox,
    /// `--db`.
    pub db: PathBuf,
    /// The templates (built in or from `--templates`).
    pub templates: Templates,
    /// `--retry-base-ms`, `--retry-max-ms`.
    pub backoff: Backoff,
    /// `EP_RESET_WEBHOOK_SECRET`.
    pub secret: WebhookSecret,
    /// The clock (the system's, except in tests).
    pub clock: Arc<dyn Clock>,
}

/// The app's base URL: `https://` (or loopback `http://`), no credentials, query or fragment.
pub fn app_url(raw: &str) -> Result<String, UrlProblem> {
    let url = urls::secure_url(raw)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(UrlProblem::HasQueryOrFragment);
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

impl Config {
    /// Checks `args` and reads the secrets through `var` (the process environment in `main`).
    pub fn new(args: &MailerArgs, var: &impl Fn(&str) -> Option<String>) -> Result<Self, MailerError> {
        let secret = crate::credentials::webhook_secret(var).ok_or(MailerError::MissingWebhookSecret)?;
        let app_url = app_url(&args.app_url).map_err(MailerError::BadAppUrl)?;
        let smtp = smtp::parse_smtp_url(&args.smtp_url).map_err(MailerError::BadSmtpUrl)?;
        let smtp_credentials = smtp::credentials_from_env(var).map_err(MailerError::HalfSmtpCredentials)?;
        let from = Mailbox::from_str(args.from.trim())
            .map_err(|e| MailerError::BadFrom { value: args.from.clone(), reason: e.to_string() })?;
        if args.retry_base_ms == 0 || args.retry_max_ms < args.retry_base_ms {
            return Err(MailerError::BadTiming(
                "--retry-base-ms must be at least 1 and --retry-max-ms at least --retry-base-ms",
            ));
        }
        if args.smtp_timeout_ms == 0 {
            return Err(MailerError::BadTiming("--smtp-timeout-ms must be at least 1"));
        }
        let locale =
            Locale::from_tag(&args.locale).ok_or_else(|| MailerError::BadLocale(args.locale.clone()))?;
        let templates = Templates::load(args.templates.as_deref(), locale)?;
        Ok(Self {
            listen: args.listen.clone(),
            app_url,
            smtp,
            smtp_credentials,
            smtp_timeout: Duration::from_millis(args.smtp_timeout_ms),
            from,
            db: args.db.clone(),
            templates,
            backoff: Backoff {
                base: Duration::from_millis(args.retry_base_ms),
                cap: Duration::from_millis(args.retry_max_ms),
            },
            secret: WebhookSecret::new(&secret),
            clock: Arc::new(SystemClock),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> MailerArgs {
        MailerArgs {
            listen: "127.0.0.1:0".into(),
            app_url: "https://shop.example/reset/".into(),
            smtp_url: "smtp://127.0.0.1:1025".into(),
            from: "Shop <no-reply@shop.example>".into(),
            db: "q.sqlite3".into(),
            templates: None,
            locale: "en".into(),
            retry_base_ms: 100,
            retry_max_ms: 1000,
            smtp_timeout_ms: 1000,
        }
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
    }

    const SECRET: &[(&str, &str)] = &[("EP_RESET_WEBHOOK_SECRET", "s")];

    fn refusal(args: &MailerArgs, var: &impl Fn(&str) -> Option<String>) -> String {
        match Config::new(args, var) {
            Ok(_) => panic!("expected a refusal"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn good_options_give_a_config() {
        let config = Config::new(&args(), &env(SECRET)).expect("valid");
        assert_eq!(config.app_url, "https://shop.example/reset");
        assert_eq!(config.from.email.to_string(), "no-reply@shop.example");
        assert!(config.smtp_credentials.is_none());
    }

    #[test]
    fn the_webhook_secret_is_required() {
        assert!(refusal(&args(), &env(&[])).starts_with("EP_RESET_WEBHOOK_SECRET is not set"));
        assert!(
            refusal(&args(), &env(&[("EP_RESET_WEBHOOK_SECRET", "")])).starts_with("EP_RESET_WEBHOOK_SECRET")
        );
    }

    #[test]
    fn each_bad_option_is_named() {
        let mut bad = args();
        bad.app_url = "http://shop.example".into();
        assert!(refusal(&bad, &env(SECRET)).starts_with("--app-url must be https://"));
        bad = args();
        bad.app_url = "https://shop.example/?x=1".into();
        assert!(refusal(&bad, &env(SECRET)).starts_with("--app-url must not have a query"));
        bad = args();
        bad.smtp_url = "smtp://u:p@mail.example".into();
        assert!(refusal(&bad, &env(SECRET)).starts_with("--smtp-url must not contain credentials"));
        bad = args();
        bad.from = "no-reply".into();
        assert!(refusal(&bad, &env(SECRET)).starts_with("--from \"no-reply\" is not a mailbox"));
        bad = args();
        bad.retry_max_ms = 10;
        assert!(refusal(&bad, &env(SECRET)).contains("--retry-max-ms"));
        bad = args();
        bad.templates = Some("/nonexistent/templates".into());
        assert!(refusal(&bad, &env(SECRET)).contains("not a directory"));
        bad = args();
        bad.locale = "pt-BR".into();
        assert!(refusal(&bad, &env(SECRET)).starts_with("--locale \"pt-BR\" is none of en, de"));
        bad.locale = "de-AT".into();
        assert_eq!(
            Config::new(&bad, &env(SECRET)).map(|c| c.templates.default_locale).ok(),
            Some(Locale::De)
        );
        let half =
            refusal(&args(), &env(&[("EP_RESET_WEBHOOK_SECRET", "s"), ("EP_RESET_SMTP_USERNAME", "u")]));
        assert!(half.ends_with("EP_RESET_SMTP_PASSWORD is not set"), "{half}");
    }
}
