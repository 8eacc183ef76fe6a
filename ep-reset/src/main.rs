//! The `ep-reset` binary.

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(ep_reset::run(std::env::args_os().collect(), |name| std::env::var(name).ok()))
}
