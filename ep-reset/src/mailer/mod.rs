//! `ep-reset mailer`: the webhook that turns Elastic Path's `one-time-password-token-request.created`
//! event into the password-reset e-mail, durably, over SMTP.
//!
//! The decisions are small pure modules with host tests: [`envelope`] (what an envelope must hold),
//! [`webhook_secret`] (the constant-time check), [`templates`] and [`compose`] (the e-mail and its link),
//! [`freshness`] (the 10-minute rule), [`backoff`] (when to retry), [`redact`] (what a log line may show).
//! [`queue`] is the SQLite queue (its dedupe and lease rules are tested against a real database);
//! [`server`] and [`worker`] are the thin async layers around them.

pub mod backoff;
mod blocking;
pub mod clock;
pub mod compose;
pub mod config;
pub mod envelope;
pub mod error;
pub mod freshness;
pub mod health;
pub mod queue;
pub mod redact;
pub mod server;
pub mod smtp;
pub mod templates;
pub mod webhook_secret;
pub mod worker;

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use ep_reset_link::ResetLinkParams;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

pub use config::{Config, MailerArgs};
pub use error::MailerError;

use health::SmtpHealth;
use queue::Queue;
use server::Server;
use smtp::Smtp;
use worker::{Worker, log};

/// A started mailer: its address, and the handles to stop it.
pub struct Running {
    /// Where it listens (the real port when `--listen` asked for port 0).
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<Result<(), String>>,
    worker: JoinHandle<()>,
}

impl Running {
    /// Stops accepting, lets the worker finish the mail it is handing over, and waits for both.
    pub async fn shutdown(self) -> Result<(), MailerError> {
        let _ = self.stop.send(true);
        let served = self.server.await.map_err(|e| MailerError::Runtime(e.to_string()))?;
        self.worker.await.map_err(|e| MailerError::Runtime(e.to_string()))?;
        served.map_err(MailerError::Runtime)
    }
}

/// A name for this process in leases and `/healthz`: its pid and a random part.
fn instance_name() -> String {
    format!("pid{}-{:08x}", std::process::id(), rand::random::<u32>())
}

/// Opens the queue, binds the address and starts the server and the worker.
pub async fn start(config: Config) -> Result<Running, MailerError> {
    let (server_queue, worker_queue) = {
        let db = config.db.clone();
        tokio::task::spawn_blocking(move || Ok::<_, MailerError>((Queue::open(&db)?, Queue::open(&db)?)))
            .await
            .map_err(|e| MailerError::Runtime(e.to_string()))??
    };
    let smtp =
        Smtp::new(&config.smtp, config.smtp_credentials, config.smtp_timeout).map_err(MailerError::Smtp)?;
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| MailerError::Listen { addr: config.listen.clone(), reason: e.to_string() })?;
    let addr = listener.local_addr().map_err(|e| MailerError::Runtime(e.to_string()))?;
    let instance = instance_name();
    let health = Arc::new(SmtpHealth::default());
    let wake = Arc::new(Notify::new());
    let (stop, stopped) = watch::channel(false);
    let server = Arc::new(Server {
        queue: Arc::new(server_queue),
        secret: config.secret,
        clock: Arc::clone(&config.clock),
        wake: Arc::clone(&wake),
        health: Arc::clone(&health),
        smtp_target: config.smtp.to_string(),
        instance: instance.clone(),
    });
    let worker = Arc::new(Worker {
        queue: Arc::new(worker_queue),
        smtp,
        app_url: config.app_url,
        templates: config.templates,
        from: config.from,
        backoff: config.backoff,
        clock: config.clock,
        health,
        owner: instance,
        wake,
    });
    let mut server_stop = stopped.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, server::router(server))
            .with_graceful_shutdown(async move {
                let _ = server_stop.wait_for(|stop| *stop).await;
            })
            .await
            .map_err(|e| format!("the HTTP server failed: {e}"))
    });
    let worker = tokio::spawn(worker.run(stopped));
    Ok(Running { addr, stop, server, worker })
}

/// An example link for the start-up lines (every value a placeholder but the language).
fn example_link(app_url: &str, locale: &str) -> String {
    ResetLinkParams {
        username: "USERNAME".into(),
        token: "CODE".into(),
        password_profile_id: Some("PROFILE".into()),
        authentication_realm_id: Some("REALM".into()),
        user_authentication_password_profile_info_id: Some("CREDENTIAL".into()),
        locale: Some(locale.into()),
    }
    .build(app_url)
}

/// Resolves on Ctrl-C or SIGTERM.
async fn termination() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// `ep-reset mailer`: checks the options, starts, prints where it listens, runs until Ctrl-C or SIGTERM.
pub fn run(args: &MailerArgs, var: &impl Fn(&str) -> Option<String>) -> Result<(), MailerError> {
    let config = Config::new(args, var)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| MailerError::Runtime(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        let (db, smtp_target, app_url) = (config.db.clone(), config.smtp.to_string(), config.app_url.clone());
        let origins = config.templates.origins.clone();
        let locale = config.templates.default_locale.tag();
        let running = start(config).await?;
        let base = format!("http://{}", running.addr);
        println!("ep-reset mailer ready: {base}{}", server::NOTIFICATION_PATH);
        println!("  health:     {base}{}", server::HEALTH_PATH);
        println!("  queue:      {}", db.display());
        println!("  smtp:       {smtp_target}");
        println!(
            "  templates:  {locale} (a webhook URL's ?locale=TAG picks another): {} {}, {} {}, {} {}",
            templates::SUBJECT_FILE,
            origins[0],
            templates::TEXT_FILE,
            origins[1],
            templates::HTML_FILE,
            origins[2]
        );
        println!("  reset link: {}", example_link(&app_url, locale));
        let _ = std::io::stdout().flush();
        termination().await;
        log("stopping: finishing the mail being handed over");
        running.shutdown().await
    })
}
