//! `ep-reset`: the store owner's command-line tool for the ep-password-reset app.
//!
//! `ep-reset check` reads an Elastic Path store and reports whether it is ready for the password-reset
//! app; `ep-reset setup` makes it so (idempotently). Credentials come from the environment
//! (`EPCC_API_BASE_URL`, `EPCC_CLIENT_ID`, `EPCC_CLIENT_SECRET`), as for Elastic Path's own CLI.
//!
//! `ep-reset mailer` is the webhook receiver that e-mails the reset link ([`mailer`]).
//!
//! The decisions are pure functions ([`check`], [`plan`], [`cors`], [`retry`], [`urls`], [`snippet`]);
//! [`api`] and [`probe`] are the thin HTTP layer; [`commands`] ties them together and prints.

pub mod api;
pub mod check;
pub mod cli;
pub mod commands;
pub mod cors;
pub mod credentials;
pub mod error;
pub mod mailer;
pub mod model;
pub mod paths;
pub mod plan;
pub mod probe;
pub mod retry;
pub mod secret;
pub mod snippet;
pub mod urls;

use std::ffi::OsString;

use clap::Parser;

use cli::{Cli, Command};
use credentials::Credentials;
use error::{EXIT_ERROR, EXIT_NOT_READY, ResetError};
use secret::Secret;

/// Runs the tool with `args` (program name first) and the environment `var`; returns the exit status.
/// Errors are printed as one line on stderr, with every known secret redacted.
pub fn run(args: Vec<OsString>, var: impl Fn(&str) -> Option<String>) -> u8 {
    let webhook_secret = credentials::webhook_secret(&var);
    let client_secret = var(credentials::CLIENT_SECRET_VAR).filter(|s| !s.is_empty()).map(Secret::new);
    let smtp_password = var(mailer::smtp::PASSWORD_VAR).filter(|s| !s.is_empty()).map(Secret::new);
    let report = |error: ResetError| {
        let line = [&client_secret, &webhook_secret, &smtp_password]
            .into_iter()
            .flatten()
            .fold(error.to_string(), |line, secret| secret.redact(&line));
        eprintln!("ep-reset: {line}");
        EXIT_ERROR
    };
    if let Some(variable) = cli::secret_argument(&args) {
        return report(ResetError::SecretOnCommandLine(variable));
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { EXIT_ERROR } else { 0 };
        }
    };
    match execute(cli.command, &var, webhook_secret.as_ref()) {
        Ok(true) => 0,
        Ok(false) => EXIT_NOT_READY,
        Err(error) => report(error),
    }
}

/// Validates the options, reads the credentials and runs the command; `Ok(false)`: check found the store
/// not ready.
fn execute(
    command: Command,
    var: &impl Fn(&str) -> Option<String>,
    webhook_secret: Option<&Secret>,
) -> Result<bool, ResetError> {
    match command {
        Command::Check { origin } => {
            let origin = origin.as_deref().map(urls::origin).transpose().map_err(ResetError::BadOrigin)?;
            let credentials = Credentials::from_env(var)?;
            commands::check::run(&credentials, origin)
        }
        Command::Setup { webhook_url, profile_name, test_user, dry_run } => {
            urls::secure_url(&webhook_url).map_err(ResetError::BadWebhookUrl)?;
            let webhook_url = webhook_url.trim().to_string();
            let test_user = test_user
                .as_deref()
                .map(cli::test_user_email)
                .transpose()
                .map_err(ResetError::BadTestUser)?;
            let credentials = Credentials::from_env(var)?;
            let options = commands::setup::Options { webhook_url, profile_name, test_user, dry_run };
            commands::setup::run(&credentials, &options, webhook_secret)?;
            Ok(true)
        }
        Command::Mailer(args) => {
            mailer::run(&args, var)?;
            Ok(true)
        }
    }
}
