//! `cargo xtask demo`: builds the app and serves it, with the EP sandbox behind it, on one origin.

use crate::cmd::{command, run as run_command};
use crate::{Result, build, sandbox_bin, setup, size};

/// Entry point of `cargo xtask demo [--port N]`.
pub fn run(args: &[String]) -> Result<()> {
    let port = match args {
        [] => 8080,
        [flag, port] if flag == "--port" => port.parse::<u16>().map_err(|_| format!("not a port: {port}"))?,
        _ => return Err("usage: cargo xtask demo [--port N]".to_owned()),
    };
    setup::run_all()?;
    let dist = build::default_dist();
    build::release(&dist, None)?;
    size::report(&dist)?;
    run_command(command("cargo", &["build", "--quiet", "-p", "ep-sandbox"]))?;

    let origin = format!("http://127.0.0.1:{port}");
    println!("\nDemo: open these in a browser (Ctrl-C stops the server)");
    println!("  forgot password : {origin}/forgot_password");
    println!("  e-mail outbox   : {origin}/__sandbox/outbox.html  (the reset links arrive here)");
    println!("  change password : {origin}/change_password  (opened from a link in the outbox)\n");
    let sandbox = sandbox_bin();
    let listen = format!("127.0.0.1:{port}");
    let dist_arg = dist.to_string_lossy().into_owned();
    run_command(command(
        &sandbox.to_string_lossy(),
        &["--listen", &listen, "--app-dir", &dist_arg, "--app-api-base", &origin],
    ))
}
