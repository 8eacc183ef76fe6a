//! `cargo xtask setup`: installs exactly what is missing, at the pinned versions, and says what it does.
//!
//! A first run on a fresh machine takes about 25 minutes (trunk and wasm-bindgen-cli compile from source);
//! a second run only checks versions and takes seconds.

use crate::cmd::{command, probe, run as run_command};
use crate::{Result, root};
use std::path::Path;

/// trunk 0.22 needs rustc >= 1.96.1; the project is pinned to 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// npm's binaryen 132 (package.json); Debian's binaryen 108 builds an app that fails at page load.
const WASM_OPT_VERSION: &str = "version 132";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Runs every set-up step in order.
pub fn run_all() -> Result<()> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli()?;
    chromium()?;
    postgresql()?;
    npm_packages()?;
    cargo_fetch()?;
    println!("setup: everything is installed");
    Ok(())
}

/// Entry point of `cargo xtask setup`.
pub fn run() -> Result<()> {
    run_all()
}

fn wasm_target() -> Result<()> {
    let installed = probe("rustup", &["target", "list", "--installed"]).is_some()
        && command("rustup", &["target", "list", "--installed"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == "wasm32-unknown-unknown"))
            .unwrap_or(false);
    if installed {
        println!("setup: wasm32-unknown-unknown target present");
        return Ok(());
    }
    println!("setup: adding the wasm32-unknown-unknown target");
    run_command(command("rustup", &["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<()> {
    let wanted = format!("trunk {TRUNK_VERSION}");
    if probe("trunk", &["--version"]).as_deref() == Some(wanted.as_str()) {
        println!("setup: {wanted} present");
        return Ok(());
    }
    println!("setup: installing {wanted} from crates.io (compiles from source, about 17 minutes on 2 cores)");
    run_command(command("cargo", &["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

/// The `wasm-bindgen` version in Cargo.lock: the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            let version = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")?.strip_suffix('"'));
            if let Some(version) = version {
                return Ok(version.to_owned());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen version".to_owned())
}

fn wasm_bindgen_cli() -> Result<()> {
    let version = locked_wasm_bindgen_version()?;
    let wanted = format!("wasm-bindgen {version}");
    let runner_ok = probe("wasm-bindgen-test-runner", &["--version"]).is_some();
    if probe("wasm-bindgen", &["--version"]).as_deref() == Some(wanted.as_str()) && runner_ok {
        println!("setup: {wanted} (and wasm-bindgen-test-runner) present");
        return Ok(());
    }
    println!("setup: installing wasm-bindgen-cli {version} (compiles from source, about 6 minutes)");
    // Not --locked: the CLI's own lockfile names a webpki-roots version the registry no longer has.
    run_command(command("cargo", &["install", "wasm-bindgen-cli", "--version", &version, "--force"]))
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        println!("setup: chromium and chromedriver present");
        return Ok(());
    }
    let is_root = probe("id", &["-u"]).as_deref() == Some("0");
    if !is_root {
        return Err(format!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing; install Debian's packages: \
             sudo apt-get install -y chromium chromium-driver"
        ));
    }
    println!("setup: installing Debian's chromium and chromium-driver with apt (about 30 seconds)");
    run_command(command("apt-get", &["update", "-q"]))?;
    let mut install = command("apt-get", &["install", "-y", "-q", "chromium", "chromium-driver"]);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    run_command(install)
}

/// Whether some `/usr/lib/postgresql/<version>/bin/initdb` exists (the mailer's tests start throwaway
/// clusters with it; no system service is needed or started).
fn postgresql_installed() -> bool {
    std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok())
        .any(|version| version.path().join("bin").join("initdb").is_file())
}

/// Debian's PostgreSQL server, for the mailer's tests against a real shared queue.
fn postgresql() -> Result<()> {
    if postgresql_installed() {
        println!("setup: PostgreSQL present");
        return Ok(());
    }
    let is_root = probe("id", &["-u"]).as_deref() == Some("0");
    if !is_root {
        return Err(
            "PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb); install Debian's package: \
                    sudo apt-get install -y postgresql"
                .to_owned(),
        );
    }
    println!("setup: installing Debian's postgresql with apt (about a minute)");
    run_command(command("apt-get", &["update", "-q"]))?;
    let mut install = command("apt-get", &["install", "-y", "-q", "--no-install-recommends", "postgresql"]);
    install.env("DEBIAN_FRONTEND", "noninteractive");
    run_command(install)
}

/// `npm ci` from the committed lockfile, when node_modules is missing or older than the lockfile.
fn npm_packages() -> Result<()> {
    let lock = std::fs::read(root().join("package-lock.json"))
        .map_err(|e| format!("cannot read package-lock.json: {e}"))?;
    // MailDev (the demo's and the mailer tests' SMTP server) runs on node itself, not only through npm.
    if probe("node", &["--version"]).is_none() {
        return Err(
            "`node` is not on PATH: install Node.js 20 or later (with npm), then run setup again".to_owned()
        );
    }
    let stamp_path = root().join("node_modules").join(".xtask-lock-stamp");
    let stamp = std::fs::read(&stamp_path).unwrap_or_default();
    let wasm_opt_ok = probe("wasm-opt", &["--version"]).is_some_and(|v| v.contains(WASM_OPT_VERSION));
    let maildev_ok = root().join("node_modules").join("maildev").join("bin").join("maildev").is_file();
    let esbuild_ok = probe("esbuild", &["--version"]).is_some();
    if stamp == lock && wasm_opt_ok && maildev_ok && esbuild_ok {
        println!(
            "setup: npm packages up to date (wasm-opt {WASM_OPT_VERSION}, esbuild, Playwright, MailDev)"
        );
        return Ok(());
    }
    println!("setup: installing npm packages from package-lock.json (npm ci)");
    let mut ci = command("npm", &["ci", "--no-audit", "--no-fund"]);
    // Playwright drives Debian's /usr/bin/chromium; it must never download a browser of its own.
    ci.env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run_command(ci)?;
    std::fs::write(&stamp_path, lock).map_err(|e| format!("cannot write {}: {e}", stamp_path.display()))
}

/// Trunk runs cargo with `--offline`, so every crate must already be in the local registry.
fn cargo_fetch() -> Result<()> {
    println!("setup: making sure every crate is downloaded (cargo fetch)");
    run_command(command("cargo", &["fetch", "--quiet"]))
}
