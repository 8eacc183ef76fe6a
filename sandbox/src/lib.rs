//! `ep-sandbox`: a local server that behaves like Elastic Path Commerce Cloud's password-reset APIs,
//! with an e-mail outbox, webhook integrations, switches, fault injection and a control API.
//!
//! The specification is the repository's `docs/elastic-path-api.md` (its sections 5 and 6 say what the
//! sandbox does where Elastic Path's sources disagree or are silent). [`start`] runs a sandbox inside the current tokio runtime; the `ep-sandbox`
//! binary wraps it with a command line ([`cli::Cli`]).

pub mod api;
pub mod app;
pub mod bounded;
pub mod cli;
pub mod clock;
pub mod config;
pub mod control;
pub mod crypto;
pub mod duplicates;
pub mod error;
pub mod events;
pub mod html;
pub mod http;
pub mod jwt;
pub mod otp;
pub mod outbox;
pub mod seed;
pub mod state;
pub mod store;
pub mod switches;
pub mod webhooks;

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use config::Config;
pub use error::SandboxError;
use http::server::{Role, router};
pub use seed::Seed;
use state::{AppState, lock};

/// A running sandbox. Dropping it stops the servers.
#[derive(Debug)]
pub struct Sandbox {
    /// Address serving the API, the control API and the app.
    pub app_addr: SocketAddr,
    /// Address serving only the API and the control API, if `api_listen` was set.
    pub api_addr: Option<SocketAddr>,
    state: Arc<AppState>,
    tasks: Vec<JoinHandle<()>>,
}

/// Binds the sockets, builds the seed state and starts serving in the background. A seed without a
/// client secret gets a random one for this run ([`Sandbox::client_secret`]).
pub async fn start(mut config: Config) -> Result<Sandbox, SandboxError> {
    config.seed.client_secret.get_or_insert_with(|| crypto::random_hex(16));
    let app_listener = bind(config.listen).await?;
    let app_addr = local_addr(&app_listener, config.listen)?;
    let api_listener = match config.api_listen {
        Some(addr) => Some(bind(addr).await?),
        None => None,
    };
    let api_addr = match (&api_listener, config.api_listen) {
        (Some(listener), Some(addr)) => Some(local_addr(listener, addr)?),
        _ => None,
    };
    let app_url =
        config.app_url.clone().unwrap_or_else(|| format!("http://{app_addr}{}", config.app_base_path()));
    let listening: Vec<SocketAddr> = std::iter::once(app_addr).chain(api_addr).collect();
    let state = Arc::new(AppState::new(config, app_url, &listening));
    let mut tasks = vec![spawn_server(app_listener, router(Arc::clone(&state), Role::App))];
    if let Some(listener) = api_listener {
        tasks.push(spawn_server(listener, router(Arc::clone(&state), Role::ApiOnly)));
    }
    Ok(Sandbox { app_addr, api_addr, state, tasks })
}

async fn bind(addr: SocketAddr) -> Result<TcpListener, SandboxError> {
    TcpListener::bind(addr).await.map_err(|source| SandboxError::Bind { addr: addr.to_string(), source })
}

fn local_addr(listener: &TcpListener, asked: SocketAddr) -> Result<SocketAddr, SandboxError> {
    listener.local_addr().map_err(|source| SandboxError::Bind { addr: asked.to_string(), source })
}

fn spawn_server(listener: TcpListener, router: axum::Router) -> JoinHandle<()> {
    let listener = listener.tap_io(|tcp| {
        // Small request/response exchanges: don't wait for Nagle. Failure only costs latency.
        let _ = tcp.set_nodelay(true);
    });
    tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            eprintln!("ep-sandbox: server stopped: {error}");
        }
    })
}

impl Sandbox {
    /// `http://<app address>`.
    pub fn app_origin(&self) -> String {
        format!("http://{}", self.app_addr)
    }

    /// `http://<api address>` if there is a second origin, else the app origin.
    pub fn api_origin(&self) -> String {
        format!("http://{}", self.api_addr.unwrap_or(self.app_addr))
    }

    /// The client secret `client_credentials` tokens need: the seed's, or this run's random one.
    pub fn client_secret(&self) -> &str {
        self.state.config.seed.client_secret.as_deref().unwrap_or_default()
    }

    /// The base URL e-mail links point at.
    pub fn app_url(&self) -> &str {
        &self.state.app_url
    }

    /// The start-up lines: `ep-sandbox ready: app http://…` (and `… api …`), URLs, seed ids, users.
    pub fn banner(&self) -> String {
        let mut out = format!("ep-sandbox ready: app {}\n", self.app_origin());
        if let Some(api) = self.api_addr {
            let _ = writeln!(out, "ep-sandbox ready: api http://{api}");
        }
        let base = self.state.config.app_base_path();
        let origin = self.app_origin();
        let store = lock(&self.state.store);
        let _ = writeln!(out, "  forgot password:     {origin}{base}{}", ep_reset_link::FORGOT_PASSWORD_PATH);
        let _ = writeln!(out, "  outbox:              {origin}/__sandbox/outbox.html");
        let _ = writeln!(out, "  e-mail links:        {}", self.state.app_url);
        let _ = writeln!(out, "  store id:            {}", store.store_id);
        let _ = writeln!(out, "  realm id:            {}", store.realm_id);
        for profile in &store.profiles {
            let _ = writeln!(out, "  password profile id: {}", profile.id);
        }
        let _ = writeln!(out, "  client id:           {}", store.client_id);
        // A local sandbox's admin secret, shown to the developer who started it (no web page sees it).
        let _ = writeln!(out, "  client secret:       {}", store.client_secret);
        for integration in &store.integrations {
            let _ = writeln!(out, "  webhook integration: {}", integration.id);
        }
        for user in &store.users {
            let accounts = user.account_ids.len();
            let plural = if accounts == 1 { "" } else { "s" };
            let _ = writeln!(
                out,
                "  user:                {} ({}, {accounts} account{plural})",
                user.email, user.name
            );
        }
        drop(store);
        let switches = serde_json::to_string(&self.state.switches()).unwrap_or_default();
        let _ = writeln!(out, "  switches:            {switches}");
        out
    }

    /// Waits until a server task ends (normally never).
    pub async fn wait(&mut self) {
        for task in &mut self.tasks {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        self.state.cancel_deliveries();
    }
}
