//! The SMTP side: which server (`--smtp-url`), how securely, with which credentials, and what a failed
//! hand-over means (try again later, or never).

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::{Error as SmtpError, PoolConfig};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::secret::Secret;

/// The SMTP user name, when the server wants one.
pub const USERNAME_VAR: &str = "EP_RESET_SMTP_USERNAME";
/// Its password; read only from the environment.
pub const PASSWORD_VAR: &str = "EP_RESET_SMTP_PASSWORD";

/// Connections kept open to the server (and so mails handed over at once).
pub const POOL_SIZE: u32 = 8;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
    /// `smtp://` to another machine: STARTTLS, required (no mail goes out in clear).
    StartTls,
    /// `smtp://` to this machine (`localhost`, `127.0.0.1`, `[::1]`): no TLS.
    Plain,
}

/// The SMTP server from `--smtp-url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    /// Host name or IP address (without brackets).
    pub host: String,
    /// Port.
    pub port: u16,
    /// How the connection is protected.
    pub security: Security,
}

impl fmt::Display for SmtpTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.security == Security::ImplicitTls { "smtps" } else { "smtp" };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        let how = match self.security {
            Security::ImplicitTls => "TLS",
            Security::StartTls => "STARTTLS required",
            Security::Plain => "no TLS: this machine only",
        };
        write!(f, "{scheme}://{host}:{} ({how})", self.port)
    }
}

/// Whether `host` names this machine.
fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Reads `--smtp-url`: `smtp://host[:port]` (port 25; STARTTLS required unless the host is this machine)
/// or `smtps://host[:port]` (port 465). Credentials never go in the URL (they would show in process
/// lists): they come from [`USERNAME_VAR`] and [`PASSWORD_VAR`].
pub fn parse_smtp_url(raw: &str) -> Result<SmtpTarget, String> {
    let url = url::Url::parse(raw.trim()).map_err(|e| format!("is not a URL ({e})"))?;
    let (security, default_port) = match url.scheme() {
        "smtps" => (Security::ImplicitTls, 465),
        "smtp" => (Security::StartTls, 25),
        other => return Err(format!("has the scheme {other:?}: use smtp:// or smtps://")),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("must not contain credentials: set {USERNAME_VAR} and {PASSWORD_VAR} instead"));
    }
    if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
        return Err("must be smtp://host[:port] or smtps://host[:port], with nothing after the port".into());
    }
    let host = match url.host() {
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        Some(host) => host.to_string(),
        None => return Err("has no host".into()),
    };
    if host.is_empty() {
        return Err("has no host".into());
    }
    let security =
        if security == Security::StartTls && is_loopback(&host) { Security::Plain } else { security };
    Ok(SmtpTarget { port: url.port().unwrap_or(default_port), host, security })
}

/// The SMTP credentials from the environment: both variables or neither; `Err` names the missing one.
pub fn credentials_from_env(
    var: &impl Fn(&str) -> Option<String>,
) -> Result<Option<(String, Secret)>, &'static str> {
    let read = |name: &str| var(name).filter(|value| !value.is_empty());
    match (read(USERNAME_VAR), read(PASSWORD_VAR)) {
        (Some(user), Some(password)) => Ok(Some((user, Secret::new(password)))),
        (None, None) => Ok(None),
        (Some(_), None) => Err(PASSWORD_VAR),
        (None, Some(_)) => Err(USERNAME_VAR),
    }
}

/// What one hand-over came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// The server accepted the message.
    Sent,
    /// Not now (no connection, a timeout, a 4xx answer, a configuration problem): try again later.
    Transient(String),
    /// The server refused this message for good (a 5xx answer about it).
    Permanent(String),
}

/// A 5xx answer that is about the mailer's own set-up (authentication), not the message: a fixed
/// configuration lets the same mail through, so it is retried.
fn is_setup_refusal(code: &str) -> bool {
    matches!(code, "530" | "534" | "535" | "538")
}

/// Sorts an SMTP error into [`Delivery`], with a short reason free of addresses (server answers may quote
/// the recipient, so only their code is kept).
pub fn classify(error: &SmtpError) -> Delivery {
    let code = error.status().map(|code| code.to_string());
    if error.is_permanent() {
        let code = code.unwrap_or_else(|| "5xx".into());
        if is_setup_refusal(&code) {
            return Delivery::Transient(format!(
                "the SMTP server refused to authenticate ({code}): check {USERNAME_VAR} and {PASSWORD_VAR}"
            ));
        }
        return Delivery::Permanent(format!("the SMTP server refused the message ({code})"));
    }
    let reason = if error.is_timeout() {
        "the SMTP server did not answer in time".to_string()
    } else if error.is_tls() {
        "TLS with the SMTP server failed".to_string()
    } else if let Some(code) = code {
        format!("the SMTP server answered {code}")
    } else {
        innermost(error)
    };
    Delivery::Transient(reason)
}

/// The innermost cause of `error`, on one line (e.g. "Connection refused (os error 111)").
fn innermost(error: &SmtpError) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    crate::api::one_line(&cause.to_string(), 120)
}

/// A connection pool to one SMTP server.
pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    target: SmtpTarget,
    deadline: Duration,
}

impl Smtp {
    /// A pool to `target`, with `credentials` if given; `timeout` bounds each SMTP command and, doubled,
    /// a whole hand-over.
    pub fn new(
        target: &SmtpTarget,
        credentials: Option<(String, Secret)>,
        timeout: Duration,
    ) -> Result<Self, String> {
        let tls = match target.security {
            Security::Plain => Tls::None,
            Security::StartTls | Security::ImplicitTls => {
                let parameters = TlsParameters::new(target.host.clone())
                    .map_err(|e| format!("cannot set up TLS for {}: {e}", target.host))?;
                if target.security == Security::StartTls {
                    Tls::Required(parameters)
                } else {
                    Tls::Wrapper(parameters)
                }
            }
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(target.host.clone())
            .port(target.port)
            .tls(tls)
            .timeout(Some(timeout))
            .pool_config(PoolConfig::new().max_size(POOL_SIZE));
        if let Some((user, password)) = credentials {
            builder = builder.credentials(Credentials::new(user, password.expose().to_string()));
        }
        Ok(Self { transport: builder.build(), target: target.clone(), deadline: timeout.saturating_mul(2) })
    }

    /// The server.
    pub fn target(&self) -> &SmtpTarget {
        &self.target
    }

    /// The longest a hand-over may take; a lease must outlast it.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// Hands `message` to the server.
    pub async fn send(&self, message: Message) -> Delivery {
        match tokio::time::timeout(self.deadline, self.transport.send(message)).await {
            Ok(Ok(_)) => Delivery::Sent,
            Ok(Err(error)) => classify(&error),
            Err(_) => Delivery::Transient("the SMTP server did not finish in time".into()),
        }
    }

    /// Whether the server answers (a NOOP on a pooled connection) within `within`; `Err` is the reason.
    pub async fn probe(&self, within: Duration) -> Result<(), String> {
        match tokio::time::timeout(within, self.transport.test_connection()).await {
            Ok(Ok(true)) => Ok(()),
            Ok(Ok(false)) => Err("the SMTP server did not answer NOOP".into()),
            Ok(Err(error)) => Err(match classify(&error) {
                Delivery::Transient(reason) | Delivery::Permanent(reason) => reason,
                Delivery::Sent => String::new(),
            }),
            Err(_) => Err("the SMTP server did not answer in time".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(raw: &str) -> SmtpTarget {
        parse_smtp_url(raw).unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    #[test]
    fn smtps_is_tls_on_465() {
        assert_eq!(
            target("smtps://mail.example"),
            SmtpTarget { host: "mail.example".into(), port: 465, security: Security::ImplicitTls }
        );
        assert_eq!(
            target("smtps://127.0.0.1:2465").security,
            Security::ImplicitTls,
            "TLS when asked, even here"
        );
    }

    #[test]
    fn smtp_requires_starttls_except_on_this_machine() {
        assert_eq!(
            target("smtp://mail.example:587"),
            SmtpTarget { host: "mail.example".into(), port: 587, security: Security::StartTls }
        );
        for local in
            ["smtp://127.0.0.1:1025", "smtp://localhost:1025", "smtp://[::1]:1025", "smtp://127.9.9.9"]
        {
            assert_eq!(target(local).security, Security::Plain, "{local}");
        }
        assert_eq!(target("smtp://[::1]:1025").host, "::1");
        assert_eq!(target("smtp://localhost").port, 25);
    }

    #[test]
    fn bad_urls_say_why() {
        let problem = |raw: &str| parse_smtp_url(raw).expect_err(raw);
        assert!(problem("smtp://user:pw@mail.example").contains(PASSWORD_VAR));
        assert!(problem("http://mail.example").contains("smtp:// or smtps://"));
        assert!(problem("smtp://mail.example/x").contains("nothing after the port"));
        assert!(problem("smtp://mail.example?tls=none").contains("nothing after the port"));
        assert!(problem("mail.example:25").contains("scheme") || problem("mail.example:25").contains("URL"));
        assert!(problem("smtp://").contains("host"));
    }

    #[test]
    fn the_target_shows_how_it_is_protected() {
        assert_eq!(
            target("smtp://127.0.0.1:1025").to_string(),
            "smtp://127.0.0.1:1025 (no TLS: this machine only)"
        );
        assert_eq!(target("smtps://[::1]").to_string(), "smtps://[::1]:465 (TLS)");
    }

    #[test]
    fn credentials_come_in_pairs() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
        };
        assert_eq!(credentials_from_env(&env(&[])).map(|c| c.is_none()), Ok(true));
        let both = credentials_from_env(&env(&[(USERNAME_VAR, "u"), (PASSWORD_VAR, "p")])).expect("both");
        assert_eq!(both.map(|(u, p)| (u, p.expose().to_string())), Some(("u".into(), "p".into())));
        assert_eq!(credentials_from_env(&env(&[(USERNAME_VAR, "u")])).err(), Some(PASSWORD_VAR));
        assert_eq!(
            credentials_from_env(&env(&[(PASSWORD_VAR, "p"), (USERNAME_VAR, "")])).err(),
            Some(USERNAME_VAR)
        );
    }

    #[test]
    fn authentication_refusals_are_set_up_problems() {
        assert!(is_setup_refusal("535"));
        assert!(!is_setup_refusal("550"));
    }
}
