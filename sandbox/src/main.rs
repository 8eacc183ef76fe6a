//! The `ep-sandbox` binary: parse the command line, start, print the banner, serve until Ctrl-C.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use ep_sandbox::SandboxError;
use ep_sandbox::cli::{CLIENT_SECRET_VAR, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ep-sandbox: {error}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<(), SandboxError> {
    let client_secret = std::env::var(CLIENT_SECRET_VAR).ok();
    let mut sandbox = ep_sandbox::start(cli.into_config(client_secret)?).await?;
    {
        let mut stdout = std::io::stdout().lock();
        // Nothing useful to do if stdout is closed; keep serving.
        let _ = stdout.write_all(sandbox.banner().as_bytes());
        let _ = stdout.flush();
    }
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = sandbox.wait() => {}
    }
    Ok(())
}
