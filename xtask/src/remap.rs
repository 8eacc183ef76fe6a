//! Build paths out of the WASM: the panic locations the compiler keeps name source files by path, and
//! the paths of this machine (the workspace, the crate registry, the toolchain's sources) say nothing to
//! a shopper and cost bytes on every page. Each is remapped to a path relative to its root.

use crate::cmd::{cargo_home, command};
use crate::root;
use std::path::{Path, PathBuf};

/// The variable that gives rustc extra flags for the WASM target only, so host builds (xtask itself,
/// run by trunk's hook) keep their flags and are not rebuilt.
pub const WASM_RUSTFLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// `--remap-path-prefix=<dir>/=` for the workspace, every crate-registry source folder and the
/// toolchain's `/rustc/<commit>/`, space-separated as `WASM_RUSTFLAGS` takes them; a path with a space
/// is left out (the variable cannot carry it), which only costs its bytes.
pub fn wasm_rustflags() -> String {
    let mut prefixes = vec![root()];
    if let Some(home) = cargo_home() {
        prefixes.extend(subdirectories(&home.join("registry").join("src")));
    }
    if let Some(commit) = rustc_commit() {
        prefixes.push(PathBuf::from(format!("/rustc/{commit}")));
    }
    prefixes
        .iter()
        .map(|prefix| prefix.to_string_lossy())
        .filter(|prefix| !prefix.contains(char::is_whitespace))
        .map(|prefix| format!("--remap-path-prefix={prefix}/="))
        .collect::<Vec<_>>()
        .join(" ")
}

fn subdirectories(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).filter(|path| path.is_dir()).collect()
}

/// The toolchain's commit, under which its standard library's sources are named (`rustc -vV`).
fn rustc_commit() -> Option<String> {
    let output = command("rustc", &["-vV"]).output().ok()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("commit-hash: "))
        .map(str::to_owned)
}
