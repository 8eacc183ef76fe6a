//! `ep-reset mailer`'s options and environment, checked before anything starts.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use ep_reset_link::ResetLinkParams;
use lettre::message::Mailbox;

use crate::secret::Secret;
use crate::urls::{self, UrlProblem};
use crate::webhook_env;

use super::backoff::Backoff;
use super::clock::{Clock, SystemClock};
use super::error::MailerError;
use super::queue::{SendLimits, Target};
use super::smtp::{self, SmtpTarget};
use super::templates::Templates;
use super::webhook_secret::WebhookSecret;
use ep_reset_core::locale::Locale;

/// Where the e-mailed link carries its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LinkStyle {
    /// `…/change_password#username=…&token=…`: never sent to a server, so never in a log.
    Fragment,
    /// `…/change_password?username=…&token=…`, for a page that needs the query.
    Query,
}

impl LinkStyle {
    /// The link to the change page under `app_url` carrying `params` this way.
    pub fn link(self, params: &ResetLinkParams, app_url: &str) -> String {
        match self {
            LinkStyle::Fragment => params.build_fragment(app_url),
            LinkStyle::Query => params.build(app_url),
        }
    }
}

/// Whether the e-mail greets the shopper by the name in the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GreetingName {
    /// "Hello Ada," (the name cleaned and capped).
    On,
    /// "Hello," and no name in the `To:` header either.
    Off,
}

/// The command line of `ep-reset mailer`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_long_help = AFTER_HELP)]
pub struct MailerArgs {
    /// The public listener: serves only POST /one-time-password-token-notification (put a TLS proxy
    /// that forwards only that path in front: Elastic Path calls an https:// URL).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8090")]
    pub listen: String,
    /// The operations listener: /healthz, /readyz and /metrics (keep it private).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8091")]
    pub ops_listen: String,
    /// Base URL of the app; the e-mailed link is <URL>/change_password#… (https://; http:// only for loopback).
    #[arg(long, value_name = "URL")]
    pub app_url: String,
    /// Where the link carries the username and code: fragment (kept out of server logs) or query.
    #[arg(long, value_name = "STYLE", value_enum, default_value_t = LinkStyle::Fragment)]
    pub link_style: LinkStyle,
    /// Whether the e-mail greets the shopper by the event's name (cleaned and capped at 64 characters).
    #[arg(long, value_name = "ON|OFF", value_enum, default_value_t = GreetingName::On)]
    pub greeting_name: GreetingName,
    /// The SMTP server: smtp://host[:port] (STARTTLS required unless on this machine) or smtps://host[:port].
    #[arg(long, value_name = "URL")]
    pub smtp_url: String,
    /// The sender, e.g. "Shop <no-reply@shop.example>".
    #[arg(long, value_name = "ADDRESS")]
    pub from: String,
    /// The queue: an SQLite file for one host (created if missing, mode 0600), or postgres://… for a
    /// database every replica shares.
    #[arg(long, value_name = "PATH|URL", default_value = "ep-reset-mailer.sqlite3")]
    pub db: String,
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
    /// Mails to one address within --recipient-window-secs, at most; later events for it are counted,
    /// not sent.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_mails_per_recipient: u32,
    /// The per-recipient window, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub recipient_window_secs: u64,
    /// Mails sent per second, at most, by every mailer on the queue together (more wait their turn).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_mails_per_second: u32,
    /// Mails waiting in the queue, at most; past that the webhook answers 503 (Elastic Path retries).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_queued: u64,
    /// Envelope ids remembered (for 7 days) to recognise repeats, at most; the oldest go first.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_dedupe_records: u64,
    /// A connection that has not sent a request's headers within this time is closed, in ms.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub header_timeout_ms: u64,
    /// A request not answered within this time (a slow body, say) gets 408, in ms.
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub request_timeout_ms: u64,
    /// Open connections to each listener, at most; more are closed at once.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_connections: usize,
}

/// `--help`'s closing part.
const AFTER_HELP: &str = "Environment:
  EP_RESET_WEBHOOK_SECRET       the integration's secret key (at least 32 characters), checked against X-MOLTIN-SECRET-KEY
  EP_RESET_WEBHOOK_SECRET_FILE  or a file holding it (one trailing line break is ignored), as container secrets are mounted
  EP_RESET_SMTP_USERNAME, EP_RESET_SMTP_PASSWORD  SMTP credentials (both or neither)

Only the webhook path is public: run a TLS proxy that forwards only POST /one-time-password-token-notification
to --listen. /healthz (alive), /readyz (queue and SMTP reachable) and /metrics (Prometheus) are on --ops-listen.
Several replicas share one --db postgres://user@host/db: the envelope id dedupes across them, leases keep them
off each other's mail, and the limits count every replica's mail.";

/// How the public listener protects itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serving {
    /// `--header-timeout-ms`.
    pub header_timeout: Duration,
    /// `--request-timeout-ms`.
    pub request_timeout: Duration,
    /// `--max-connections`.
    pub max_connections: usize,
}

/// Everything the mailer runs with, checked.
pub struct Config {
    /// `--listen`.
    pub listen: String,
    /// `--ops-listen`.
    pub ops_listen: String,
    /// `--app-url`, without a trailing slash.
    pub app_url: String,
    /// `--link-style`.
    pub link_style: LinkStyle,
    /// `--greeting-name`.
    pub greeting_name: GreetingName,
    /// `--smtp-url`.
    pub smtp: SmtpTarget,
    /// SMTP user name and password, from the environment.
    pub smtp_credentials: Option<(String, Secret)>,
    /// `--smtp-timeout-ms`.
    pub smtp_timeout: Duration,
    /// `--from`.
    pub from: Mailbox,
    /// `--db`.
    pub db: Target,
    /// The templates (built in or from `--templates`).
    pub templates: Templates,
    /// `--retry-base-ms`, `--retry-max-ms`.
    pub backoff: Backoff,
    /// The sending limits.
    pub limits: SendLimits,
    /// `--max-queued`.
    pub max_queued: u64,
    /// `--max-dedupe-records`.
    pub max_dedupe_records: u64,
    /// The public listener's protections.
    pub serving: Serving,
    /// `EP_RESET_WEBHOOK_SECRET` (or its file).
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

/// The webhook secret from the environment, at least [`webhook_env::MIN_SECRET_CHARS`] long.
fn webhook_secret(var: &impl Fn(&str) -> Option<String>) -> Result<WebhookSecret, MailerError> {
    let secret = webhook_env::strong_from_env(var)
        .map_err(MailerError::WebhookSecretSource)?
        .ok_or(MailerError::MissingWebhookSecret)?;
    Ok(WebhookSecret::new(&secret))
}

fn at_least_one(value: u64, message: &'static str) -> Result<(), MailerError> {
    if value == 0 { Err(MailerError::BadTiming(message)) } else { Ok(()) }
}

impl Config {
    /// Checks `args` and reads the secrets through `var` (the process environment in `main`).
    pub fn new(args: &MailerArgs, var: &impl Fn(&str) -> Option<String>) -> Result<Self, MailerError> {
        let secret = webhook_secret(var)?;
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
        at_least_one(args.smtp_timeout_ms, "--smtp-timeout-ms must be at least 1")?;
        at_least_one(args.header_timeout_ms, "--header-timeout-ms must be at least 1")?;
        at_least_one(args.request_timeout_ms, "--request-timeout-ms must be at least 1")?;
        at_least_one(args.max_connections as u64, "--max-connections must be at least 1")?;
        at_least_one(args.max_mails_per_recipient.into(), "--max-mails-per-recipient must be at least 1")?;
        at_least_one(args.recipient_window_secs, "--recipient-window-secs must be at least 1")?;
        at_least_one(args.max_mails_per_second.into(), "--max-mails-per-second must be at least 1")?;
        at_least_one(args.max_queued, "--max-queued must be at least 1")?;
        at_least_one(args.max_dedupe_records, "--max-dedupe-records must be at least 1")?;
        let locale =
            Locale::from_tag(&args.locale).ok_or_else(|| MailerError::BadLocale(args.locale.clone()))?;
        let templates = Templates::load(args.templates.as_deref(), locale)?;
        Ok(Self {
            listen: args.listen.clone(),
            ops_listen: args.ops_listen.clone(),
            app_url,
            link_style: args.link_style,
            greeting_name: args.greeting_name,
            smtp,
            smtp_credentials,
            smtp_timeout: Duration::from_millis(args.smtp_timeout_ms),
            from,
            db: Target::parse(&args.db),
            templates,
            backoff: Backoff {
                base: Duration::from_millis(args.retry_base_ms),
                cap: Duration::from_millis(args.retry_max_ms),
            },
            limits: SendLimits {
                per_recipient: args.max_mails_per_recipient,
                recipient_window_ms: i64::try_from(args.recipient_window_secs.saturating_mul(1000))
                    .unwrap_or(i64::MAX),
                per_second: args.max_mails_per_second,
            },
            max_queued: args.max_queued,
            max_dedupe_records: args.max_dedupe_records,
            serving: Serving {
                header_timeout: Duration::from_millis(args.header_timeout_ms),
                request_timeout: Duration::from_millis(args.request_timeout_ms),
                max_connections: args.max_connections,
            },
            secret,
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
            ops_listen: "127.0.0.1:0".into(),
            app_url: "https://shop.example/reset/".into(),
            link_style: LinkStyle::Fragment,
            greeting_name: GreetingName::On,
            smtp_url: "smtp://127.0.0.1:1025".into(),
            from: "Shop <no-reply@shop.example>".into(),
            db: "q.sqlite3".into(),
            templates: None,
            locale: "en".into(),
            retry_base_ms: 100,
            retry_max_ms: 1000,
            smtp_timeout_ms: 1000,
            max_mails_per_recipient: 3,
            recipient_window_secs: 900,
            max_mails_per_second: 20,
            max_queued: 10,
            max_dedupe_records: 10,
            header_timeout_ms: 1000,
            request_timeout_ms: 1000,
            max_connections: 4,
        }
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
    }

    const SECRET: &[(&str, &str)] = &[("EP_RESET_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef")];

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
        assert!(
            refusal(&args(), &env(&[]))
                .starts_with("EP_RESET_WEBHOOK_SECRET (or EP_RESET_WEBHOOK_SECRET_FILE) is not set")
        );
        assert!(
            refusal(&args(), &env(&[("EP_RESET_WEBHOOK_SECRET", "")])).starts_with("EP_RESET_WEBHOOK_SECRET")
        );
    }

    #[test]
    fn a_short_webhook_secret_is_refused_naming_the_rule() {
        let short = refusal(&args(), &env(&[("EP_RESET_WEBHOOK_SECRET", "0123456789abcdef0123456789abcde")]));
        assert_eq!(
            short,
            "EP_RESET_WEBHOOK_SECRET is 31 characters long: it must be at least 32 (for example `openssl rand -hex 32`)"
        );
        let both = refusal(
            &args(),
            &env(&[("EP_RESET_WEBHOOK_SECRET", "x"), ("EP_RESET_WEBHOOK_SECRET_FILE", "/run/secrets/hook")]),
        );
        assert!(both.contains("not both"), "{both}");
    }

    #[test]
    fn the_limits_and_the_link_style_are_read() {
        let config = Config::new(&args(), &env(SECRET)).expect("valid");
        assert_eq!(
            config.limits,
            SendLimits { per_recipient: 3, recipient_window_ms: 900_000, per_second: 20 }
        );
        assert_eq!(config.link_style, LinkStyle::Fragment);
        let mut zero = args();
        zero.max_queued = 0;
        assert!(refusal(&zero, &env(SECRET)).starts_with("--max-queued must be at least 1"));
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
        let half = refusal(
            &args(),
            &env(&[
                ("EP_RESET_WEBHOOK_SECRET", "0123456789abcdef0123456789abcdef"),
                ("EP_RESET_SMTP_USERNAME", "u"),
            ]),
        );
        assert!(half.ends_with("EP_RESET_SMTP_PASSWORD is not set"), "{half}");
    }
}
