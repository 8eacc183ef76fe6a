//! The command line. No option takes a secret: the client secret, the webhook secret and the SMTP
//! password are read only from the environment.

use std::ffi::OsString;

use clap::{Parser, Subcommand};

/// Checks and sets up an Elastic Path store for the ep-password-reset app, and runs the webhook that
/// e-mails the reset link.
#[derive(Debug, Parser)]
#[command(
    name = "ep-reset",
    version,
    about,
    after_help = "Credentials come from the environment, as for Elastic Path's own CLI:\n  \
        EPCC_API_BASE_URL   the store's API base URL (https://; http:// only for loopback)\n  \
        EPCC_CLIENT_ID      a client_credentials key's client id\n  \
        EPCC_CLIENT_SECRET  its secret (never printed, never accepted as an option)\n  \
        EP_RESET_WEBHOOK_SECRET  32+ characters; setup: sets it as the webhook's secret key; mailer: required, checked against X-MOLTIN-SECRET-KEY\n  \
        EP_RESET_WEBHOOK_SECRET_FILE  or a file holding it (as container secrets are mounted)\n  \
        EP_RESET_SMTP_USERNAME, EP_RESET_SMTP_PASSWORD  mailer: optional SMTP credentials (both or neither)\n\n\
        Exit status: 0 done (check: the store is ready), 1 check: not ready, 2 error."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the store and report, one line per item, whether it is ready (✓) or what to fix (✗).
    Check {
        /// Also send CORS preflights from this origin (where the app is served), e.g. https://shop.example.
        #[arg(long, value_name = "ORIGIN")]
        origin: Option<String>,
    },
    /// Set the store up: self-management, a one-time-password profile, a test user, the webhook.
    Setup {
        /// The receiver of one-time-password-token-request.created events (https://; http:// only for loopback).
        #[arg(long, value_name = "URL")]
        webhook_url: String,
        /// The password profile to use or create (default: an enabled one, else the realm's only one).
        #[arg(long, value_name = "NAME")]
        profile_name: Option<String>,
        /// Also create this user (and a credential under the profile) unless it exists.
        #[arg(long, value_name = "EMAIL")]
        test_user: Option<String>,
        /// Write EP_RESET_WEBHOOK_SECRET into the existing webhook integration even when the store does not
        /// show its current secret key (without this, such a key is left as it is; a new integration always
        /// gets the secret, and one whose shown key differs is updated).
        #[arg(long)]
        rotate_secret: bool,
        /// Print the plan and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Receive Elastic Path's one-time-password events and e-mail the reset link (runs until stopped).
    Mailer(Box<crate::mailer::MailerArgs>),
}

/// Flags whose name mentions a secret but that take no value (given with `=value`, they are refused
/// like any secret option, since clap's usage error would echo the value).
const VALUELESS_SECRET_FLAGS: [&str; 1] = ["--rotate-secret"];

/// The environment variable to use instead, when an argument looks like a secret option
/// (`--client-secret`, `--secret=…`, `--webhook-secret …`, `--smtp-password …`). Checked before parsing so that the value is
/// never echoed in a usage error.
pub fn secret_argument(args: &[OsString]) -> Option<&'static str> {
    args.iter().skip(1).find_map(|arg| {
        let arg = arg.to_string_lossy().to_ascii_lowercase();
        if VALUELESS_SECRET_FLAGS.contains(&arg.as_str()) {
            return None;
        }
        let name = arg.strip_prefix('-')?.split('=').next().unwrap_or_default();
        if name.contains("password") || name.contains("passwd") {
            return Some(crate::mailer::smtp::PASSWORD_VAR);
        }
        if !name.contains("secret") {
            return None;
        }
        Some(if name.contains("webhook") || name.contains("rotate") {
            crate::webhook_env::WEBHOOK_SECRET_VAR
        } else {
            crate::credentials::CLIENT_SECRET_VAR
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_both_commands() {
        let check = Cli::try_parse_from(args(&["ep-reset", "check", "--origin", "https://shop.example"]));
        assert!(matches!(check.map(|c| c.command), Ok(Command::Check { origin: Some(_) })));
        let setup = Cli::try_parse_from(args(&[
            "ep-reset",
            "setup",
            "--webhook-url",
            "https://h.example",
            "--profile-name",
            "P",
            "--test-user",
            "a@b.c",
            "--rotate-secret",
            "--dry-run",
        ]));
        assert!(matches!(
            setup.map(|c| c.command),
            Ok(Command::Setup {
                dry_run: true,
                rotate_secret: true,
                profile_name: Some(_),
                test_user: Some(_),
                ..
            })
        ));
        assert!(Cli::try_parse_from(args(&["ep-reset", "setup"])).is_err(), "--webhook-url is required");
        let mailer = Cli::try_parse_from(args(&[
            "ep-reset",
            "mailer",
            "--app-url",
            "https://shop.example",
            "--smtp-url",
            "smtp://127.0.0.1:25",
            "--from",
            "no-reply@shop.example",
        ]));
        assert!(matches!(
            mailer.map(|c| c.command),
            Ok(Command::Mailer(ref m)) if m.listen == "127.0.0.1:8090" && m.db == "ep-reset-mailer.sqlite3"
        ));
    }

    #[test]
    fn secret_options_are_caught_before_parsing() {
        assert_eq!(
            secret_argument(&args(&["ep-reset", "check", "--client-secret=abc"])),
            Some("EPCC_CLIENT_SECRET")
        );
        assert_eq!(
            secret_argument(&args(&["ep-reset", "check", "--SECRET", "abc"])),
            Some("EPCC_CLIENT_SECRET")
        );
        assert_eq!(
            secret_argument(&args(&["ep-reset", "setup", "--webhook-secret", "x"])),
            Some("EP_RESET_WEBHOOK_SECRET")
        );
        assert_eq!(secret_argument(&args(&["ep-reset", "setup", "--profile-name", "secret sauce"])), None);
        assert_eq!(secret_argument(&args(&["ep-reset", "check"])), None);
        assert_eq!(secret_argument(&args(&["ep-reset", "setup", "--rotate-secret"])), None, "a flag");
        assert_eq!(
            secret_argument(&args(&["ep-reset", "setup", "--rotate-secret=x"])),
            Some("EP_RESET_WEBHOOK_SECRET"),
            "a value given to it is refused unseen"
        );
        assert_eq!(
            secret_argument(&args(&["ep-reset", "mailer", "--smtp-password=x"])),
            Some("EP_RESET_SMTP_PASSWORD")
        );
    }
}
