//! The example storefronts in `examples/` (Next.js, Nuxt, Vite): each installs the packed npm package from
//! its lockfile (`npm ci`), then runs its framework's production build and type check, built for the
//! sandbox the example tests start (`tests/e2e/examples.config.ts`).

use crate::cmd::{command, run_capturing};
use crate::{Result, package, root};
use std::path::PathBuf;

/// One example storefront.
pub struct Example {
    /// Its folder under `examples/`.
    pub name: &'static str,
    /// The npm scripts that build and type-check it, in order.
    scripts: &'static [&'static str],
}

/// Every example. Next.js type-checks in its build, and `typecheck` adds the package's type tests.
pub const EXAMPLES: [Example; 3] = [
    Example { name: "next", scripts: &["build", "typecheck"] },
    Example { name: "nuxt", scripts: &["build", "typecheck"] },
    Example { name: "vite", scripts: &["build"] },
];

/// The API origin the examples are built for: the examples' sandbox in `tests/e2e/support/servers.ts`
/// (4601 plus `E2E_PORT_OFFSET`). The example tests check that the built element names it.
pub fn api_base() -> String {
    let offset = std::env::var("E2E_PORT_OFFSET").ok().and_then(|o| o.parse::<u16>().ok()).unwrap_or(0);
    format!("http://127.0.0.1:{}", 4601 + offset)
}

impl Example {
    pub fn dir(&self) -> PathBuf {
        root().join("examples").join(self.name)
    }

    /// `npm ci`, then each script; the first failure is the error.
    pub fn install_and_build(&self) -> Result<()> {
        self.lockfile_takes_any_build()?;
        self.npm(&["ci", "--no-audit", "--no-fund"])?;
        for script in self.scripts {
            self.npm(&["run", script])?;
        }
        Ok(())
    }

    /// The lockfile names the workspace's tarball and no `integrity` for it: the tarball changes with
    /// every build of the element, and `npm ci` refuses a tarball whose digest differs from the lockfile's.
    fn lockfile_takes_any_build(&self) -> Result<()> {
        let path = self.dir().join("package-lock.json");
        let lock =
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let tarball = package::tarball()?;
        let name = tarball.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        local_tarball_entry(&lock, &name).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn npm(&self, args: &[&str]) -> Result<()> {
        let mut npm = command("npm", args);
        npm.current_dir(self.dir())
            .env("NEXT_TELEMETRY_DISABLED", "1")
            .env("NUXT_TELEMETRY_DISABLED", "1")
            .env("NEXT_PUBLIC_EP_API_BASE", api_base())
            .env("NEXT_PUBLIC_EP_CLIENT_ID", "demo-client-id")
            .env("VITE_EP_API_BASE", api_base())
            .env("VITE_EP_CLIENT_ID", "demo-client-id");
        let (ok, _) = run_capturing(npm);
        if ok { Ok(()) } else { Err(format!("examples/{}: npm {} failed", self.name, args.join(" "))) }
    }
}

/// Checks that `lock`'s `node_modules/ep-password-reset` entry resolves to `target/npm/<tarball>` and
/// carries no `integrity`.
fn local_tarball_entry(lock: &str, tarball: &str) -> Result<()> {
    let json: serde_json::Value = serde_json::from_str(lock).map_err(|e| format!("not JSON: {e}"))?;
    let entry = &json["packages"][format!("node_modules/{}", package::NAME)];
    let resolved = entry["resolved"].as_str().unwrap_or_default();
    let wanted = format!("file:../../target/npm/{tarball}");
    if resolved != wanted {
        return Err(format!("{} resolves to {resolved:?}, not {wanted:?}", package::NAME));
    }
    if !entry["integrity"].is_null() {
        return Err(format!(
            "{} has an integrity, which the next build of the element breaks",
            package::NAME
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lockfile_names_the_tarball_without_a_digest() {
        let lock = |entry: &str| format!("{{\"packages\": {{\"node_modules/ep-password-reset\": {entry}}}}}");
        let good = lock("{\"resolved\": \"file:../../target/npm/p-0.1.0.tgz\"}");
        assert_eq!(local_tarball_entry(&good, "p-0.1.0.tgz"), Ok(()));
        assert!(local_tarball_entry(&good, "p-0.2.0.tgz").is_err());
        let pinned =
            lock("{\"resolved\": \"file:../../target/npm/p-0.1.0.tgz\", \"integrity\": \"sha512-x\"}");
        assert!(local_tarball_entry(&pinned, "p-0.1.0.tgz").is_err());
        assert!(local_tarball_entry("{}", "p-0.1.0.tgz").is_err());
    }
}
