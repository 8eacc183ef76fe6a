//! `ep-reset mailer`: the webhook that turns Elastic Path's `one-time-password-token-request.created`
//! event into the password-reset e-mail, durably, over SMTP.
//!
//! The decisions are small pure modules with host tests: [`envelope`] (what an envelope must hold),
//! [`webhook_secret`] (the constant-time check), [`templates`] and [`compose`] (the e-mail and its link),
//! [`freshness`] (the 10-minute rule), [`backoff`] (when to retry), [`redact`] (what a log line may show),
//! [`display`] (what of a name the mail shows), [`throttle`] (how often a refusal is logged).
//! [`queue`] is the queue, SQLite or PostgreSQL (its dedupe, lease and limit rules are tested against
//! real databases); [`server`] (the public webhook), [`ops`] (health, readiness, [`metrics`]),
//! [`serve`] (timeouts and the connection limit) and [`worker`] are the thin async layers around them.

pub mod backoff;
pub mod clock;
pub mod compose;
pub mod config;
pub mod display;
pub mod envelope;
pub mod error;
pub mod freshness;
pub mod health;
pub mod metrics;
pub mod ops;
pub mod queue;
pub mod redact;
pub mod serve;
pub mod server;
pub mod smtp;
pub mod templates;
pub mod throttle;
pub mod webhook_secret;
pub mod worker;

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use ep_reset_link::ResetLinkParams;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

pub use config::{Config, LinkStyle, MailerArgs};
pub use error::MailerError;

use compose::Style;
use health::SmtpHealth;
use metrics::{Metrics, Refusal};
use ops::Ops;
use queue::Store;
use server::Server;
use smtp::Smtp;
use throttle::Throttle;
use worker::{Worker, log};

/// A started mailer: its addresses, and the handles to stop it.
pub struct Running {
    /// Where the webhook listens (the real port when `--listen` asked for port 0).
    pub addr: SocketAddr,
    /// Where `/healthz`, `/readyz` and `/metrics` are.
    pub ops_addr: SocketAddr,
    stop: watch::Sender<bool>,
    servers: Vec<JoinHandle<()>>,
    worker: JoinHandle<()>,
}

impl Running {
    /// Stops accepting, lets the worker finish the mail it is handing over, and waits for all of it.
    pub async fn shutdown(self) -> Result<(), MailerError> {
        let _ = self.stop.send(true);
        for server in self.servers {
            server.await.map_err(|e| MailerError::Runtime(e.to_string()))?;
        }
        self.worker.await.map_err(|e| MailerError::Runtime(e.to_string()))
    }
}

/// A name for this process in leases and `/readyz`: its pid and a random part.
fn instance_name() -> String {
    format!("pid{}-{:08x}", std::process::id(), rand::random::<u32>())
}

async fn bind(addr: &str) -> Result<(TcpListener, SocketAddr), MailerError> {
    let listen = |e: std::io::Error| MailerError::Listen { addr: addr.to_string(), reason: e.to_string() };
    let listener = TcpListener::bind(addr).await.map_err(listen)?;
    let local = listener.local_addr().map_err(listen)?;
    Ok((listener, local))
}

/// Opens the queue, binds both addresses and starts the servers and the worker.
pub async fn start(config: Config) -> Result<Running, MailerError> {
    let (server_queue, worker_queue, ops_queue) =
        (Store::open(&config.db).await?, Store::open(&config.db).await?, Store::open(&config.db).await?);
    let smtp = Arc::new(
        Smtp::new(&config.smtp, config.smtp_credentials, config.smtp_timeout).map_err(MailerError::Smtp)?,
    );
    let (listener, addr) = bind(&config.listen).await?;
    let (ops_listener, ops_addr) = bind(&config.ops_listen).await?;
    let instance = instance_name();
    let health = Arc::new(SmtpHealth::default());
    let metrics = Arc::new(Metrics::new());
    let refusals = Arc::new(Throttle::default());
    let wake = Arc::new(Notify::new());
    let (stop, stopped) = watch::channel(false);
    let server = Arc::new(Server {
        queue: server_queue,
        secret: config.secret,
        clock: Arc::clone(&config.clock),
        wake: Arc::clone(&wake),
        max_queued: config.max_queued,
        metrics: Arc::clone(&metrics),
        refusals: Arc::clone(&refusals),
    });
    let ops = Arc::new(Ops {
        queue: ops_queue,
        health: Arc::clone(&health),
        smtp: Arc::clone(&smtp),
        metrics: Arc::clone(&metrics),
        clock: Arc::clone(&config.clock),
        instance: instance.clone(),
        probe_deadline: ops::probe_deadline(config.serving.request_timeout),
        probing: tokio::sync::Mutex::default(),
    });
    let worker = Arc::new(Worker {
        queue: worker_queue,
        smtp,
        app_url: config.app_url,
        style: Style { link: config.link_style, greeting_name: config.greeting_name },
        limits: config.limits,
        max_dedupe_records: config.max_dedupe_records,
        metrics: Arc::clone(&metrics),
        templates: config.templates,
        from: config.from,
        backoff: config.backoff,
        clock: Arc::clone(&config.clock),
        health,
        owner: instance,
        wake,
    });
    let clock = config.clock;
    let refused: Arc<dyn Fn(Refusal) + Send + Sync> = Arc::new(move |why| {
        metrics.refused(why);
        let line = match why {
            Refusal::Overloaded => "closed a connection over --max-connections",
            _ => "answered a request that outlasted --request-timeout-ms (408)",
        };
        if let Some(line) = refusals.line(clock.now(), line) {
            log(&line);
        }
    });
    let servers = vec![
        tokio::spawn(serve::serve(
            listener,
            server::router(server),
            config.serving,
            stopped.clone(),
            Arc::clone(&refused),
        )),
        tokio::spawn(serve::serve(ops_listener, ops::router(ops), config.serving, stopped.clone(), refused)),
    ];
    let worker = tokio::spawn(worker.run(stopped));
    Ok(Running { addr, ops_addr, stop, servers, worker })
}

/// An example link for the start-up lines (every value a placeholder but the language).
fn example_link(app_url: &str, style: LinkStyle, locale: &str) -> String {
    let params = ResetLinkParams {
        username: "USERNAME".into(),
        token: "CODE".into(),
        password_profile_id: Some("PROFILE".into()),
        authentication_realm_id: Some("REALM".into()),
        user_authentication_password_profile_info_id: Some("CREDENTIAL".into()),
        locale: Some(locale.into()),
    };
    style.link(&params, app_url)
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
        let (db, smtp_target, app_url) =
            (config.db.describe(), config.smtp.to_string(), config.app_url.clone());
        let origins = config.templates.origins.clone();
        let locale = config.templates.default_locale.tag();
        let link_style = config.link_style;
        let running = start(config).await?;
        let ops = format!("http://{}", running.ops_addr);
        println!("ep-reset mailer ready: http://{}{}", running.addr, server::NOTIFICATION_PATH);
        println!(
            "  operations: {ops}{} {ops}{} {ops}{}",
            ops::HEALTH_PATH,
            ops::READY_PATH,
            ops::METRICS_PATH
        );
        println!("  queue:      {db}");
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
        println!("  reset link: {}", example_link(&app_url, link_style, locale));
        let _ = std::io::stdout().flush();
        termination().await;
        log("stopping: finishing the mail being handed over");
        running.shutdown().await
    })
}
