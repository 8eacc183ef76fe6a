//! `cargo xtask test`: every gate and every test suite, then one summary line.
//!
//! Gates (formatting, lints, pins, size budget, forbidden APIs) count as one check each; test suites count
//! their tests. A failing step does not stop the independent steps after it, so one run shows everything
//! that is wrong; steps that need a failed step's output are counted as failed.

use crate::cmd::{command, run_capturing};
use crate::{Result, build, examples, package, root, sandbox_bin, setup, size, target_dir};
use std::path::Path;
use std::time::Instant;

mod snippets;

/// Passed and failed counts of one step.
#[derive(Default, Clone, Copy)]
struct Count {
    passed: u64,
    failed: u64,
}

impl Count {
    fn check(ok: bool) -> Self {
        if ok { Count { passed: 1, failed: 0 } } else { Count { passed: 0, failed: 1 } }
    }
}

struct Report {
    rows: Vec<(String, Count, f64)>,
}

impl Report {
    fn step(&mut self, name: &str, f: impl FnOnce() -> Count) -> bool {
        println!("\n==> {name}");
        let started = Instant::now();
        let count = f();
        let secs = started.elapsed().as_secs_f64();
        let ok = count.failed == 0 && count.passed > 0;
        println!(
            "<== {name}: {} ({} passed, {} failed, {secs:.0} s)",
            if ok { "ok" } else { "FAILED" },
            count.passed,
            count.failed
        );
        self.rows.push((name.to_owned(), count, secs));
        ok
    }

    fn skipped_because(&mut self, name: &str, reason: &str) {
        println!("\n==> {name}: not run, because {reason}");
        self.rows.push((name.to_owned(), Count { passed: 0, failed: 1 }, 0.0));
    }
}

/// Entry point of `cargo xtask test`.
pub fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        return Err("usage: cargo xtask test".to_owned());
    }
    let mut report = Report { rows: Vec::new() };
    if let Err(error) = setup::run_all() {
        // Nothing can be tested without the tools; still end with the summary line.
        eprintln!("setup failed: {error}");
        report.skipped_because("every gate and test suite", "set-up failed");
        return finish(&report);
    }

    report.step("tool pins agree with Cargo.lock", || Count::check(pins_agree()));
    report.step("no raw-HTML APIs in the app", || Count::check(no_raw_html()));
    report.step("cargo fmt --check", || Count::check(gate(&["fmt", "--all", "--check"])));
    report.step("clippy (host)", || {
        Count::check(gate(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
    });
    report.step("clippy (wasm32)", || {
        Count::check(gate(&[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "-p",
            "ep-password-reset",
            "-p",
            "ep-reset-core",
            "-p",
            "ep-reset-link",
            "--",
            "-D",
            "warnings",
        ]))
    });
    // --show-output: tests that measure (e.g. the sandbox's start-up time) print what they measured.
    report.step("host tests", || cargo_tests(&["test", "--workspace", "--", "--show-output"]));
    report.step("browser component tests (wasm-bindgen-test, headless Chromium)", || {
        cargo_tests(&[
            "test",
            "-p",
            "ep-password-reset",
            "--target",
            "wasm32-unknown-unknown",
            // Every file in tests/ (each is empty on the host, see its #![cfg]).
            "--test",
            "*",
        ])
    });
    let dist = build::default_dist();
    let built = report.step("release build (trunk) and size budget", || release_with_budget(&dist));
    let sandbox = report
        .step("sandbox binary", || Count::check(gate(&["build", "-p", "ep-sandbox", "-p", "ep-reset"])));
    if built && sandbox {
        report.step("end-to-end tests (Playwright, release build, sandbox)", || {
            e2e("tests/e2e/playwright.config.ts", "e2e-report.json", &dist)
        });
    } else {
        report.skipped_because("end-to-end tests", "the release build or the sandbox did not build");
    }
    report
        .step("README snippets are the example storefronts' files", || Count::check(snippets::all_current()));
    let packed = built && report.step("npm package (cargo xtask package)", || Count::check(pack(&dist)));
    let mut examples_built = packed;
    for example in &examples::EXAMPLES {
        let name = format!("examples/{}: npm ci, production build, type check", example.name);
        if packed {
            examples_built &= report.step(&name, || {
                Count::check(example.install_and_build().map_err(|e| eprintln!("{e}")).is_ok())
            });
        } else {
            report.skipped_because(&name, "the npm package was not packed");
        }
    }
    if examples_built && sandbox {
        report.step("example storefronts in Chromium (Playwright, sandbox)", || {
            e2e("tests/e2e/examples.config.ts", "e2e-examples-report.json", &dist)
        });
    } else {
        report.skipped_because("example storefronts in Chromium", "an example or the sandbox did not build");
    }

    finish(&report)
}

/// Prints the table and the one closing line that CI and people read; fails if anything failed.
fn finish(report: &Report) -> Result<()> {
    let (passed, failed) = print_table(report);
    println!("summary: {passed} passed, {failed} failed");
    if failed == 0 { Ok(()) } else { Err(format!("{failed} failed")) }
}

fn print_table(report: &Report) -> (u64, u64) {
    println!("\n{:<62} {:>7} {:>7} {:>6}", "step", "passed", "failed", "secs");
    let (mut passed, mut failed) = (0, 0);
    for (name, count, secs) in &report.rows {
        println!("{name:<62} {:>7} {:>7} {secs:>6.0}", count.passed, count.failed);
        passed += count.passed;
        failed += count.failed;
    }
    (passed, failed)
}

fn gate(args: &[&str]) -> bool {
    run_capturing(command("cargo", args)).0
}

/// Runs a cargo test command and adds up its `test result:` lines.
fn cargo_tests(args: &[&str]) -> Count {
    let mut cargo = command("cargo", args);
    cargo.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    cargo.env("WASM_BINDGEN_TEST_TIMEOUT", "60");
    let (ok, output) = run_capturing(cargo);
    let mut count = count_cargo_results(&output);
    if !ok && count.failed == 0 {
        // A build failure or a crash: no test result line says so.
        count.failed = 1;
    }
    count
}

/// Sums `test result: ok. 3 passed; 0 failed; …` lines (cargo test and wasm-bindgen-test-runner).
fn count_cargo_results(output: &str) -> Count {
    let mut count = Count::default();
    for line in output.lines().filter_map(|l| l.trim().strip_prefix("test result:")) {
        for part in line.split(';') {
            let mut words = part.split_whitespace().rev();
            let (label, number) = (words.next(), words.next().and_then(|n| n.parse::<u64>().ok()));
            match (label, number) {
                (Some("passed"), Some(n)) => count.passed += n,
                (Some("failed"), Some(n)) => count.failed += n,
                _ => {}
            }
        }
    }
    count
}

fn pins_agree() -> bool {
    let locked = match setup::locked_wasm_bindgen_version() {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return false;
        }
    };
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml")).unwrap_or_default();
    let bindgen_pin = format!("wasm_bindgen = \"{locked}\"");
    let trunk_pin = format!("trunk-version = \"={}\"", setup::TRUNK_VERSION);
    let checks = [
        (trunk_toml.contains(&bindgen_pin), format!("Trunk.toml must pin {bindgen_pin} (Cargo.lock)")),
        (
            trunk_toml.contains("wasm_opt = \"version_132\""),
            "Trunk.toml must pin wasm_opt = \"version_132\"".into(),
        ),
        (trunk_toml.contains("offline = true"), "Trunk.toml must set offline = true".into()),
        (trunk_toml.contains(&trunk_pin), format!("Trunk.toml must say {trunk_pin}")),
    ];
    let mut ok = true;
    for (good, message) in checks {
        if !good {
            eprintln!("{message}");
            ok = false;
        }
    }
    ok
}

/// The app never renders raw HTML.
fn no_raw_html() -> bool {
    let forbidden = ["inner_html", "outer_html", "insert_adjacent_html", "document.write", "set_inner_html"];
    let mut ok = true;
    for dir in ["src", "core/src", "reset-link/src"] {
        for file in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for word in forbidden.iter().filter(|w| text.contains(*w)) {
                eprintln!("{} uses {word}", file.display());
                ok = false;
            }
        }
    }
    ok
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return files };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

fn release_with_budget(dist: &Path) -> Count {
    if let Err(e) = build::release(dist, None) {
        eprintln!("{e}");
        return Count::check(false);
    }
    let within_budget = match size::report(dist) {
        Ok(totals) if totals.within_budget() => true,
        Ok(totals) => {
            eprintln!("over budget: {totals:?}");
            false
        }
        Err(e) => {
            eprintln!("{e}");
            false
        }
    };
    let no_secrets = no_secrets_in(dist);
    Count {
        passed: 1 + u64::from(within_budget) + u64::from(no_secrets),
        failed: u64::from(!within_budget) + u64::from(!no_secrets),
    }
}

/// Only the public client id may ship, never a client secret.
fn no_secrets_in(dist: &Path) -> bool {
    let mut ok = true;
    for entry in std::fs::read_dir(dist).into_iter().flatten().filter_map(|e| e.ok()) {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for word in ["client_secret", "EP_SANDBOX_CLIENT_SECRET"] {
            if text.contains(word) {
                eprintln!("{} contains {word}", entry.path().display());
                ok = false;
            }
        }
    }
    ok
}

/// Packs the npm package from `dist`.
fn pack(dist: &Path) -> bool {
    package::pack(dist).map_err(|e| eprintln!("{e}")).is_ok()
}

/// Runs the Playwright suite of `config`, its JSON report in `target/<report>`.
fn e2e(config: &str, report: &str, dist: &Path) -> Count {
    let report_path = target_dir().join(report);
    let _ = std::fs::remove_file(&report_path);
    let home = target_dir().join("e2e-home");
    let _ = std::fs::create_dir_all(&home);
    let mut playwright = command("playwright", &["test", "--config", config]);
    playwright
        .env("EP_SANDBOX_BIN", sandbox_bin())
        .env("EP_RESET_BIN", target_dir().join("debug").join("ep-reset"))
        .env("EP_DIST", dist)
        .env("E2E_JSON_REPORT", &report_path)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    let (ok, _) = run_capturing(playwright);
    let json = std::fs::read_to_string(&report_path).unwrap_or_default();
    let stat = |key: &str| -> u64 {
        let needle = format!("\"{key}\":");
        json.rfind(&needle)
            .and_then(|at| {
                json[at + needle.len()..]
                    .trim_start()
                    .split(|c: char| !c.is_ascii_digit())
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or(0)
    };
    // A skipped test is a check that did not run: it counts as failed, never as silently absent.
    let mut count =
        Count { passed: stat("expected") + stat("flaky"), failed: stat("unexpected") + stat("skipped") };
    if !ok && count.failed == 0 {
        count.failed = 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_up_cargo_result_lines() {
        let output = "running 3 tests\ntest result: ok. 3 passed; 0 failed; 0 ignored\n\
                      test result: FAILED. 5 passed; 2 failed; 1 ignored; 0 measured\n";
        let count = count_cargo_results(output);
        assert_eq!((count.passed, count.failed), (8, 2));
    }
}
