//! `cargo xtask build`: the release build of the app into `dist/`, then the size report.

use crate::cmd::{command, run as run_command};
use crate::{Result, loader, minify, remap, root, size};
use std::path::{Path, PathBuf};

/// Builds `dist/` (or `dist_dir`) with trunk in release mode, wasm-opt included, then writes the
/// `<ep-password-reset>` loader into it and minifies what a page fetches at load.
pub fn release(dist_dir: &Path, public_url: Option<&str>) -> Result<()> {
    let dist = dist_dir.to_string_lossy().into_owned();
    let mut args = vec!["build", "--release", "--dist", dist.as_str()];
    if let Some(url) = public_url {
        args.extend(["--public-url", url]);
    }
    let mut trunk = command("trunk", &args);
    trunk.env("TRUNK_SKIP_VERSION_CHECK", "true");
    trunk.env(remap::WASM_RUSTFLAGS, remap::wasm_rustflags());
    run_command(trunk)?;
    loader::write(dist_dir)?;
    minify::run(dist_dir)
}

/// Entry point of `cargo xtask build [--public-url URL]`.
pub fn run(args: &[String]) -> Result<()> {
    let public_url = match args {
        [] => None,
        [flag, url] if flag == "--public-url" => Some(url.as_str()),
        _ => return Err("usage: cargo xtask build [--public-url URL]".to_owned()),
    };
    let dist = default_dist();
    release(&dist, public_url)?;
    size::report(&dist).map(|_| ())
}

/// Where `build` writes: `dist/` in the workspace root.
pub fn default_dist() -> PathBuf {
    root().join("dist")
}
