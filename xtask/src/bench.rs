//! `cargo xtask bench [--runs N]`: how soon our release build and a hand-written vanilla page
//! (`tests/bench/vanilla/`) are interactive in headless Chromium, cold, with no throttling, on 4G and
//! on 3G; and what one keystroke in the new-password field costs. A benchmark: it prints, it asserts
//! nothing.
//!
//! This builds `dist/` and a release sandbox, serves each site from its own sandbox (app and API on
//! different origins, as in the end-to-end tests), and runs `tests/bench/bench.mjs`, which measures.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::cmd::{announce, command, run as run_command};
use crate::{Result, build, root, target_dir};

/// Cold loads per page, profile and site when `--runs` is not given.
const DEFAULT_RUNS: u32 = 5;
/// Loopback ports: app and API of our build, then of the vanilla page (away from the demo and e2e).
const OURS_PORTS: (u16, u16) = (4530, 4531);
const VANILLA_PORTS: (u16, u16) = (4540, 4541);

/// Entry point of `cargo xtask bench [--runs N]`.
pub fn run(args: &[String]) -> Result<()> {
    let runs = match args {
        [] => DEFAULT_RUNS,
        [flag, n] if flag == "--runs" => {
            n.parse().ok().filter(|n| *n > 0).ok_or("--runs takes a positive number")?
        }
        _ => return Err("usage: cargo xtask bench [--runs N]".to_owned()),
    };
    let dist = build::default_dist();
    build::release(&dist, None)?;
    // Release: the sandbox compresses on the fly, and a debug build's brotli would add about 150 ms
    // to every WASM response, which a CDN answering from its cache does not.
    run_command(command("cargo", &["build", "--release", "-p", "ep-sandbox"]))?;
    let sandbox = target_dir().join("release").join("ep-sandbox");
    let ours = Site::start(&sandbox, &dist, OURS_PORTS)?;
    let vanilla = Site::start(&sandbox, &root().join("tests").join("bench").join("vanilla"), VANILLA_PORTS)?;

    let home = target_dir().join("bench-home");
    let _ = std::fs::create_dir_all(&home);
    let mut node = command("node", &["tests/bench/bench.mjs"]);
    node.env("BENCH_OURS", ours.app_origin())
        .env("BENCH_VANILLA", vanilla.app_origin())
        .env("BENCH_RUNS", runs.to_string())
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"));
    println!("(the machine's load shows in these numbers: compare runs on the same, quiet machine)");
    run_command(node)
}

/// One sandbox serving a site on `app_port`, its API on `api_port`; stopped when dropped.
struct Site {
    child: Child,
    app_port: u16,
}

impl Site {
    fn start(sandbox: &Path, app_dir: &Path, (app_port, api_port): (u16, u16)) -> Result<Self> {
        let mut command = Command::new(sandbox);
        command
            .args(["--listen", &format!("127.0.0.1:{app_port}")])
            .args(["--api-listen", &format!("127.0.0.1:{api_port}")])
            .arg("--app-dir")
            .arg(app_dir)
            .args(["--app-api-base", &format!("http://127.0.0.1:{api_port}")])
            // Every cold load asks for a token and the ids: never a 429 in the middle of a measurement.
            .args(["--rate-limit", "1000", "--quiet"])
            .stdout(Stdio::piped());
        announce(&command);
        let mut child = command.spawn().map_err(|e| format!("cannot start {}: {e}", sandbox.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout from the sandbox")?;
        let site = Site { child, app_port };
        // Its last start-up line names the API origin; the pipe is read to the end so it never fills.
        let (ready, is_ready) = mpsc::channel();
        std::thread::spawn(move || {
            let mut ready = Some(ready);
            for line in BufReader::new(stdout).lines().map_while(std::result::Result::ok) {
                if line.starts_with("ep-sandbox ready: api") {
                    ready.take().map(|ready| ready.send(()));
                }
            }
        });
        match is_ready.recv_timeout(Duration::from_secs(20)) {
            Ok(()) => Ok(site),
            Err(_) => Err(format!("the sandbox for port {app_port} did not start; is the port taken?")),
        }
    }

    fn app_origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.app_port)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
