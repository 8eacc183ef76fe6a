//! What both integration-test binaries (`cli`, `mailer`) need to start the processes they test.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::ChildStdout;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Where the sandbox binary is: `EP_SANDBOX_BIN`, else beside this test's directory (`target/<profile>/`).
pub fn sandbox_binary() -> PathBuf {
    let path = std::env::var_os("EP_SANDBOX_BIN").map(PathBuf::from).unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("the test's own path");
        // target/<profile>/deps/<test> → target/<profile>/ep-sandbox
        let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile>");
        profile_dir.join(format!("ep-sandbox{}", std::env::consts::EXE_SUFFIX))
    });
    assert!(
        path.is_file(),
        "the ep-sandbox binary is missing at {}: run `cargo build -p ep-sandbox` first (cargo test --workspace builds it), or set EP_SANDBOX_BIN",
        path.display()
    );
    path
}

/// The first line a started process prints (its "ready" banner), or an empty string if none comes within
/// `patience` (a guard against a process that never starts, not a timing assertion). The rest of its
/// output is drained, so the pipe never fills.
pub fn banner(stdout: ChildStdout, patience: Duration) -> String {
    let mut stdout = BufReader::new(stdout);
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let _ = tx.send(line);
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
    });
    rx.recv_timeout(patience).unwrap_or_default()
}
