//! The one error type of the tool. Each message is the single line the store owner reads on stderr; none
//! contains a secret (the client secret and the webhook secret are never part of an error).

use ep_reset_core::username::UsernameError;

use crate::plan::PlanError;
use crate::urls::UrlProblem;

/// Why a command could not do its job.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// One or more of the credential variables are unset or empty.
    #[error(
        "{} {} not set: export EPCC_API_BASE_URL, EPCC_CLIENT_ID and EPCC_CLIENT_SECRET (a client_credentials key from Commerce Manager › API keys)",
        .0.join(", "),
        if .0.len() == 1 { "is" } else { "are" }
    )]
    MissingCredentials(Vec<&'static str>),
    /// `EPCC_API_BASE_URL` is not acceptable.
    #[error("EPCC_API_BASE_URL {0}")]
    BadApiBase(UrlProblem),
    /// `--webhook-url` is not acceptable.
    #[error("--webhook-url {0}")]
    BadWebhookUrl(UrlProblem),
    /// `--origin` is not an origin.
    #[error("--origin {0}")]
    BadOrigin(UrlProblem),
    /// `--test-user` is not an e-mail address the app would accept as a username.
    #[error("--test-user {value:?} {}", username_problem(*.problem))]
    BadTestUser {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        problem: UsernameError,
    },
    /// `--rotate-secret` without a secret to rotate to.
    #[error("--rotate-secret needs the new secret key: set EP_RESET_WEBHOOK_SECRET in the environment")]
    RotateWithoutSecret,
    /// The store lacks something this tool cannot create.
    #[error("cannot set up this store: {0}")]
    Unfixable(#[from] PlanError),
    /// A write needs the id of a resource an earlier write of the plan was to create, and none was
    /// recorded (the create did not run before it).
    #[error("cannot go on: the new {0} has no id")]
    MissingCreatedId(&'static str),
    /// A secret was given on the command line (it is read only from the environment).
    #[error("secrets are never accepted on the command line: set {0} in the environment instead")]
    SecretOnCommandLine(&'static str),
    /// The token endpoint refused the client id or secret.
    #[error(
        "the store refused EPCC_CLIENT_ID / EPCC_CLIENT_SECRET ({status} on POST /oauth/access_token): check both values and that the key is a client_credentials key of this store"
    )]
    CredentialsRefused {
        /// The HTTP status (401 or 400).
        status: u16,
    },
    /// The HTTP client could not be built (e.g. no TLS backend).
    #[error("cannot start the HTTP client: {0}")]
    HttpClient(String),
    /// No HTTP answer from the store.
    #[error("cannot reach the store at {base_url}: {reason}")]
    Unreachable {
        /// The API base URL.
        base_url: String,
        /// The transport's reason (connection refused, timeout, TLS, …).
        reason: String,
    },
    /// The store kept answering 429 after the bounded retries.
    #[error(
        "the store is rate limiting (429 on {method} {path}, {attempts} attempts): wait a minute and run the command again"
    )]
    RateLimited {
        /// The request's method.
        method: &'static str,
        /// The request's path.
        path: String,
        /// How many times it was sent.
        attempts: u32,
    },
    /// An error status the command cannot work around.
    #[error("the store answered {status} to {method} {path}{}", detail_suffix(.detail))]
    Api {
        /// The request's method.
        method: &'static str,
        /// The request's path.
        path: String,
        /// The HTTP status.
        status: u16,
        /// `title: detail` from Elastic Path's error body, when there is one.
        detail: Option<String>,
    },
    /// `ep-reset mailer` cannot run. (The mailer uses none of this module: it reads its secret through
    /// `webhook_env`, so the dependency goes one way.)
    #[error("mailer: {0}")]
    Mailer(#[from] crate::mailer::MailerError),
    /// The webhook secret's variables are not usable.
    #[error("{0}")]
    WebhookSecret(crate::webhook_env::SecretSourceProblem),
    /// A success answer that is not what Elastic Path sends.
    #[error("the store's answer to {method} {path} is not Elastic Path's shape: {problem}")]
    Shape {
        /// The request's method.
        method: &'static str,
        /// The request's path.
        path: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// What is wrong with a `--test-user` value, after the quoted value.
fn username_problem(problem: UsernameError) -> String {
    match problem {
        UsernameError::Empty => "is empty".into(),
        UsernameError::TooLong => {
            format!("is longer than {} characters", ep_reset_core::username::MAX_LEN)
        }
        UsernameError::ControlCharacters => "contains control characters".into(),
        UsernameError::NotAnEmail => "is not an e-mail address".into(),
    }
}

fn detail_suffix(detail: &Option<String>) -> String {
    detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
}

/// Exit status of a command that could not run (bad input, store unreachable, bad answer, …).
pub const EXIT_ERROR: u8 = 2;
/// Exit status of `check` when the store is not ready.
pub const EXIT_NOT_READY: u8 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line() {
        let errors = [
            ResetError::MissingCredentials(vec!["EPCC_CLIENT_SECRET"]),
            ResetError::CredentialsRefused { status: 401 },
            ResetError::Api {
                method: "GET",
                path: "/v2/x".into(),
                status: 403,
                detail: Some("Forbidden".into()),
            },
            ResetError::Shape { method: "GET", path: "/v2/x".into(), problem: "data is missing".into() },
            ResetError::BadTestUser { value: "a\nb".into(), problem: UsernameError::ControlCharacters },
            ResetError::Unfixable(PlanError::NoRealm),
        ];
        for error in errors {
            assert!(!error.to_string().contains('\n'), "{error}");
        }
    }

    #[test]
    fn a_bad_test_user_is_quoted_with_its_problem() {
        let error = ResetError::BadTestUser { value: "ada".into(), problem: UsernameError::NotAnEmail };
        assert_eq!(error.to_string(), "--test-user \"ada\" is not an e-mail address");
    }

    #[test]
    fn an_api_error_quotes_the_detail_when_there_is_one() {
        let with = ResetError::Api {
            method: "PUT",
            path: "/v2/x".into(),
            status: 422,
            detail: Some("Unprocessable Entity: bad".into()),
        };
        let without = ResetError::Api { method: "PUT", path: "/v2/x".into(), status: 500, detail: None };
        assert_eq!(with.to_string(), "the store answered 422 to PUT /v2/x: Unprocessable Entity: bad");
        assert_eq!(without.to_string(), "the store answered 500 to PUT /v2/x");
    }
}
