//! `cargo xtask`: the project's task runner. Plain Rust, so it needs nothing installed beyond cargo.
//!
//! - `setup`: install exactly what is missing (idempotent; seconds on a second run).
//! - `build [--public-url URL]`: release build of the app into `dist/`, then the size report.
//! - `demo [--port N]`: build, then serve the app with the EP sandbox on http://127.0.0.1:8080, whose
//!   webhook reaches `ep-reset mailer`, which e-mails each reset link to a MailDev inbox (port 1080).
//! - `package`: build, then the npm package tarball in `target/npm/` (nothing is published).
//! - `catalogues DIR`: trunk's post-build hook; the non-English catalogues, content-hashed, into DIR.
//! - `common-passwords [--check]`: regenerate the committed common-password list from npm.
//! - `test`: every gate and test suite; ends with one `summary: N passed, M failed` line.
//! - `bench [--runs N]`: time to an interactive form, ours against a vanilla page, cold, three networks.

mod bench;
mod build;
mod catalogues;
mod cmd;
mod common_passwords;
mod demo;
mod examples;
mod loader;
mod minify;
mod package;
mod setup;
mod size;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(),
        Some("build") => build::run(&args[1..]),
        Some("demo") => demo::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("common-passwords") => common_passwords::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("package") => package::run(&args[1..]),
        Some("catalogues") => catalogues::run(&args[1..]),
        Some("size") => size::report(&root().join("dist")).map(|_| ()),
        _ => {
            eprintln!(
                "usage: cargo xtask <setup|build [--public-url URL]|demo [--port N]|test|package|bench [--runs N]|size|common-passwords [--check]>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// Cargo's target directory: `CARGO_TARGET_DIR` when set, else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

/// The sandbox binary that `cargo build -p ep-sandbox` produces.
pub fn sandbox_bin() -> PathBuf {
    target_dir().join("debug").join("ep-sandbox")
}

/// Errors of the task runner: a message for the person at the terminal.
pub type Result<T> = std::result::Result<T, String>;
