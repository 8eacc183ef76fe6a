//! Running external commands: announced, with the tool directories on PATH, output streamed.

use crate::{Result, root};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Directories that hold the pinned tools, searched before the rest of PATH.
pub fn tool_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![root().join("node_modules").join(".bin")];
    if let Some(home) = cargo_home() {
        dirs.push(home.join("bin"));
    }
    dirs
}

/// Cargo's home: `CARGO_HOME` when set, else `~/.cargo`.
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
}

/// A command in the workspace root with the tool directories first on PATH.
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut command = Command::new(program);
    command.args(args).current_dir(root());
    let old = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = tool_dirs();
    paths.extend(std::env::split_paths(&old));
    if let Ok(path) = std::env::join_paths(paths) {
        command.env("PATH", path);
    }
    command
}

/// Prints what is about to run, so every step says what it is doing.
pub fn announce(command: &Command) {
    let args: Vec<String> = command.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    println!("$ {} {}", command.get_program().to_string_lossy(), args.join(" "));
}

/// Runs to completion with inherited output; an error if it cannot start or exits non-zero.
pub fn run(mut command: Command) -> Result<()> {
    announce(&command);
    let status = command.status().map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    if status.success() { Ok(()) } else { Err(format!("{:?} failed ({status})", command.get_program())) }
}

/// Runs with stdout streamed to ours and also returned; stderr is inherited.
pub fn run_capturing(mut command: Command) -> (bool, String) {
    announce(&command);
    let child = command.stdout(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            eprintln!("cannot start {:?}: {e}", command.get_program());
            return (false, String::new());
        }
    };
    let mut captured = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(std::result::Result::ok) {
            println!("{line}");
            captured.push_str(&line);
            captured.push('\n');
        }
    }
    let ok = child.wait().map(|s| s.success()).unwrap_or(false);
    (ok, captured)
}

/// The first line a command prints, or `None` if it cannot run (a quiet probe: nothing is announced).
pub fn probe(program: &str, args: &[&str]) -> Option<String> {
    let output = command(program, args).stderr(Stdio::null()).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout).lines().next().map(|l| l.trim().to_owned())
}
