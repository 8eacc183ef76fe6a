//! The mailer's one error type: why it cannot start (or stopped). Each message is one line and names
//! the option or variable to fix; none contains a secret, a code or an address.

use crate::urls::UrlProblem;

use super::queue::QueueError;
use super::templates::TemplateError;

/// Why the mailer cannot run.
#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    /// No webhook secret to authenticate Elastic Path with.
    #[error(
        "EP_RESET_WEBHOOK_SECRET (or EP_RESET_WEBHOOK_SECRET_FILE) is not set: the mailer only accepts events carrying it as X-MOLTIN-SECRET-KEY (set the same value as the integration's configuration.secret_key; `ep-reset setup` does that from this variable)"
    )]
    MissingWebhookSecret,
    /// The secret's variables cannot be used, or the secret is too short.
    #[error("{0}")]
    WebhookSecretSource(crate::webhook_env::SecretSourceProblem),
    /// `--app-url` is not acceptable.
    #[error("--app-url {0}")]
    BadAppUrl(UrlProblem),
    /// `--smtp-url` is not acceptable.
    #[error("--smtp-url {0}")]
    BadSmtpUrl(String),
    /// Only one of the two SMTP credential variables is set.
    #[error("EP_RESET_SMTP_USERNAME and EP_RESET_SMTP_PASSWORD go together: {0} is not set")]
    HalfSmtpCredentials(&'static str),
    /// `--from` is not a mailbox.
    #[error("--from {value:?} is not a mailbox such as \"Shop <no-reply@shop.example>\" ({reason})")]
    BadFrom {
        /// The option's value.
        value: String,
        /// Why.
        reason: String,
    },
    /// A timing option is out of range.
    #[error("{0}")]
    BadTiming(&'static str),
    /// `--locale` names no language the templates exist in.
    #[error("--locale {0:?} is none of en, de, fr, es, nl, pl, ar, he")]
    BadLocale(String),
    /// A template cannot be used.
    #[error("{0}")]
    Templates(#[from] TemplateError),
    /// The queue database cannot be used.
    #[error("{0}")]
    Queue(#[from] QueueError),
    /// The SMTP client cannot be set up.
    #[error("{0}")]
    Smtp(String),
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {reason}")]
    Listen {
        /// `--listen`.
        addr: String,
        /// Why.
        reason: String,
    },
    /// The server or the runtime failed.
    #[error("{0}")]
    Runtime(String),
}
