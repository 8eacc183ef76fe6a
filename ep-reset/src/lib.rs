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
pub mod webhook_env;

use std::ffi::OsString;

use clap::Parser;
use ep_reset_core::unicode::Unicode;
use ep_reset_core::username::{self, UsernameFormat};

use cli::{Cli, Command};
use credentials::Credentials;
use error::{EXIT_ERROR, EXIT_NOT_READY, ResetError};
use secret::Secret;

/// Runs the tool with `args` (program name first) and the environment `var`; returns the exit status.
/// Errors are printed as one line on stderr, with every known secret redacted.
pub fn run(args: Vec<OsString>, var: impl Fn(&str) -> Option<String>) -> u8 {
    let report = |error: ResetError| {
        eprintln!("ep-reset: {}", error_line(&error, &var));
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
    match execute(cli.command, &var) {
        Ok(true) => 0,
        Ok(false) => EXIT_NOT_READY,
        Err(error) => report(error),
    }
}

/// The variables holding secrets, each redacted from every error line.
const SECRET_VARS: [&str; 3] =
    [credentials::CLIENT_SECRET_VAR, webhook_env::WEBHOOK_SECRET_VAR, mailer::smtp::PASSWORD_VAR];

/// The line printed for `error`: its message with every secret of the environment `var` (and the webhook
/// secret's file) redacted, as given there and trimmed (the form the credentials are sent in).
fn error_line(error: &ResetError, var: &impl Fn(&str) -> Option<String>) -> String {
    let mut known: Vec<Secret> = SECRET_VARS.into_iter().filter_map(var).map(Secret::new).collect();
    known.extend(webhook_env::from_env(var).ok().flatten());
    secret::redact(&error.to_string(), &known.iter().collect::<Vec<_>>())
}

/// The `--test-user` address normalised the way the app normalises an e-mail username (trimmed,
/// lower-cased, shape checked), so the credential's username is what a shopper's typing becomes.
fn test_user(raw: &str) -> Result<String, ResetError> {
    username::normalise(raw, UsernameFormat::Email, Unicode::STD)
        .map(|name| name.as_str().to_string())
        .map_err(|problem| ResetError::BadTestUser { value: raw.to_string(), problem })
}

/// Validates the options, reads the credentials and runs the command; `Ok(false)`: check found the store
/// not ready.
fn execute(command: Command, var: &impl Fn(&str) -> Option<String>) -> Result<bool, ResetError> {
    match command {
        Command::Check { origin } => {
            let origin = origin.as_deref().map(urls::origin).transpose().map_err(ResetError::BadOrigin)?;
            let credentials = Credentials::from_env(var)?;
            commands::check::run(&credentials, origin)
        }
        Command::Setup { webhook_url, profile_name, test_user, rotate_secret, dry_run } => {
            urls::secure_url(&webhook_url).map_err(ResetError::BadWebhookUrl)?;
            let webhook_url = webhook_url.trim().to_string();
            let test_user = test_user.as_deref().map(self::test_user).transpose()?;
            let webhook_secret = webhook_env::strong_from_env(var).map_err(ResetError::WebhookSecret)?;
            let webhook_secret = webhook_secret.as_ref();
            if rotate_secret && webhook_secret.is_none() {
                return Err(ResetError::RotateWithoutSecret);
            }
            let credentials = Credentials::from_env(var)?;
            let options =
                commands::setup::Options { webhook_url, profile_name, test_user, rotate_secret, dry_run };
            commands::setup::run(&credentials, &options, webhook_secret)?;
            Ok(true)
        }
        Command::Mailer(args) => {
            mailer::run(&args, var)?;
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ep_reset_core::username::UsernameError;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
    }

    fn echoed(text: &str) -> ResetError {
        ResetError::Api {
            method: "POST",
            path: "/oauth/access_token".into(),
            status: 400,
            detail: Some(text.into()),
        }
    }

    #[test]
    fn an_error_line_redacts_each_secret_raw_and_trimmed() {
        let var = env(&[
            (credentials::CLIENT_SECRET_VAR, " client-s3cr3t\n"),
            (webhook_env::WEBHOOK_SECRET_VAR, "\thook-s3cr3t "),
            (mailer::smtp::PASSWORD_VAR, "smtp-s3cr3t"),
        ]);
        let line = error_line(&echoed("bad client-s3cr3t, hook-s3cr3t and smtp-s3cr3t"), &var);
        assert_eq!(line, "the store answered 400 to POST /oauth/access_token: bad ***, *** and ***");
        let raw = error_line(&echoed("got [ client-s3cr3t\n]"), &var);
        assert!(!raw.contains("s3cr3t"), "{raw}");
    }

    #[test]
    fn setup_refuses_a_webhook_secret_shorter_than_the_mailer_accepts() {
        let setup = Command::Setup {
            webhook_url: "https://hooks.example.com/one-time-password-token-notification".into(),
            profile_name: None,
            test_user: None,
            rotate_secret: false,
            dry_run: true,
        };
        let short = "0123456789abcdef0123456789abcde";
        let refused = execute(setup, &env(&[(webhook_env::WEBHOOK_SECRET_VAR, short)]));
        assert!(
            matches!(
                refused,
                Err(ResetError::WebhookSecret(webhook_env::SecretSourceProblem::TooShort { length: 31, .. }))
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn an_error_line_without_secrets_is_the_message() {
        let line = error_line(&echoed("nothing secret"), &env(&[]));
        assert_eq!(line, echoed("nothing secret").to_string());
    }

    #[test]
    fn test_users_are_normalised_like_the_apps_email_usernames_or_refused() {
        assert_eq!(test_user(" Ada@Example.COM ").ok().as_deref(), Some("ada@example.com"));
        for (bad, problem) in [
            ("ada", UsernameError::NotAnEmail),
            ("@example.com", UsernameError::NotAnEmail),
            ("ada@example", UsernameError::NotAnEmail),
            ("a b@example.com", UsernameError::NotAnEmail),
            ("a@b@c.d", UsernameError::NotAnEmail),
            ("  ", UsernameError::Empty),
            ("ada\u{7}@example.com", UsernameError::ControlCharacters),
        ] {
            assert!(
                matches!(test_user(bad), Err(ResetError::BadTestUser { problem: p, .. }) if p == problem),
                "{bad:?}"
            );
        }
    }
}
