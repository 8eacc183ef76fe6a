//! `cargo xtask package`: the npm package of the built element, as `npm pack` makes it, in
//! `target/npm/ep-password-reset-<version>.tgz` (nothing is published).
//!
//! Its entry is the loader (`dist/ep-password-reset.js`), which names every file the element fetches by a
//! static `./` path, so a bundler that bundles the entry emits them all. Beside it: those files, the
//! types (`embed/package/ep-password-reset.d.ts`), the licences and the npm README
//! (`embed/package/README.md`). Name and version come from the workspace's `Cargo.toml`.

use crate::cmd::{command, run as run_command};
use crate::{Result, build, loader, root, target_dir};
use std::path::{Path, PathBuf};

/// The package's name on npm: the app crate's name.
pub const NAME: &str = "ep-password-reset";
/// The types' file in the package.
const TYPES: &str = "ep-password-reset.d.ts";
/// Licence files of the repository, shipped as they are.
const LICENCES: [&str; 2] = ["LICENSE-MIT", "LICENSE-APACHE"];

/// Entry point of `cargo xtask package`: the release build, then the tarball.
pub fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        return Err("usage: cargo xtask package".to_owned());
    }
    let dist = build::default_dist();
    build::release(&dist, None)?;
    let tarball = pack(&dist)?;
    println!("package: {}", tarball.display());
    Ok(())
}

/// Where the tarball of the workspace's version is written.
pub fn tarball() -> Result<PathBuf> {
    Ok(target_dir().join("npm").join(format!("{NAME}-{}.tgz", version()?)))
}

/// Packs the built `dist` into [`tarball`], returning its path.
pub fn pack(dist: &Path) -> Result<PathBuf> {
    let out = target_dir().join("npm");
    let staging = out.join("package");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(staging.join("locales"))
        .map_err(|e| format!("cannot create {}: {e}", staging.display()))?;

    let mut files = element_files(dist)?;
    for name in &files {
        copy(&dist.join(name), &staging.join(name))?;
    }
    let embed = root().join("embed").join("package");
    for (from, name) in [(embed.join(TYPES), TYPES), (embed.join("README.md"), "README.md")] {
        copy(&from, &staging.join(name))?;
    }
    for name in LICENCES {
        copy(&root().join(name), &staging.join(name))?;
    }
    let licence_of_list = "common-passwords.LICENSE.txt";
    copy(&dist.join(licence_of_list), &staging.join(licence_of_list))?;
    files.extend([TYPES.to_owned(), licence_of_list.to_owned()]);
    files.extend(LICENCES.map(str::to_owned));
    files.sort();
    std::fs::write(staging.join("package.json"), manifest(&version()?, &files))
        .map_err(|e| format!("cannot write package.json: {e}"))?;

    imports_without_a_dom(&staging)?;
    let destination = out.to_string_lossy().into_owned();
    let mut npm = command("npm", &["pack", "--pack-destination", &destination, "--silent"]);
    npm.current_dir(&staging);
    run_command(npm)?;
    let tarball = tarball()?;
    if !tarball.is_file() {
        return Err(format!("npm pack wrote no {}", tarball.display()));
    }
    Ok(tarball)
}

/// Imports the package's entry in Node, as server-side rendering does: it must neither throw nor define
/// anything (there is no DOM), and a second import changes nothing.
fn imports_without_a_dom(staging: &Path) -> Result<()> {
    let entry = staging.join(loader::LOADER);
    let script = format!(
        "const url = {:?}; const before = Object.keys(globalThis).length; \
         await import(url); await import(url + '?again'); \
         if (Object.keys(globalThis).length !== before) throw new Error('the entry added a global');",
        format!("file://{}", entry.display())
    );
    let mut node = command("node", &["--input-type=module", "--eval", &script]);
    node.current_dir(staging);
    run_command(node)
        .map_err(|e| format!("importing the package's entry in Node (server-side rendering) failed: {e}"))
}

/// The files of `dist` the element needs: the loader, the app's script and WASM, its stylesheet and the
/// static files it fetches (not the standalone page and its own stylesheet).
fn element_files(dist: &Path) -> Result<Vec<String>> {
    let names = std::fs::read_dir(dist)
        .map_err(|e| format!("cannot read {}: {e}", dist.display()))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| {
            name == loader::LOADER
                || loader::is_app_script(name)
                || (name.starts_with("ep-password-reset-") && name.ends_with("_bg.wasm"))
                || (name.starts_with("main-") && name.ends_with(".css"))
        });
    let mut files = names.collect::<Vec<_>>();
    files.extend(loader::static_names(dist)?);
    Ok(files)
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// The version of the workspace's app crate (its `Cargo.toml`).
pub fn version() -> Result<String> {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    manifest_version(&manifest).ok_or_else(|| "Cargo.toml has no package version".to_owned())
}

/// `version = "…"` of the `[package]` table of `manifest`.
fn manifest_version(manifest: &str) -> Option<String> {
    let package = manifest
        .split("\n[")
        .find(|table| table.starts_with("package]") || table.starts_with("[package]"))?;
    let line = package.lines().find(|line| line.trim_start().starts_with("version"))?;
    Some(line.split('"').nth(1)?.to_owned())
}

/// The package's `package.json`: an ES module whose entry defines the element (its one side effect).
/// Written key by key: the order of `exports`' conditions matters (`types` before `default`), and
/// `serde_json` sorts a map's keys.
fn manifest(version: &str, files: &[String]) -> String {
    let quote = |text: &str| serde_json::Value::from(text).to_string();
    let entry = quote(&format!("./{}", loader::LOADER));
    let types = quote(&format!("./{TYPES}"));
    let files = files.iter().map(|file| format!("    {}", quote(file))).collect::<Vec<_>>().join(",\n");
    format!(
        r#"{{
  "name": {name},
  "version": {version},
  "description": "<ep-password-reset>: the password-reset web component for Elastic Path Commerce Cloud storefronts",
  "license": "MIT OR Apache-2.0",
  "keywords": ["elastic-path", "password-reset", "web-component", "custom-element"],
  "type": "module",
  "exports": {{
    ".": {{ "types": {types}, "default": {entry} }},
    "./package.json": "./package.json"
  }},
  "module": {entry},
  "types": {types},
  "sideEffects": [{entry}],
  "files": [
{files}
  ]
}}
"#,
        name = quote(NAME),
        version = quote(version),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_is_the_package_tables() {
        let manifest = "[package]\nname = \"x\"\nversion = \"1.2.3\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(manifest_version(manifest).as_deref(), Some("1.2.3"));
        assert_eq!(manifest_version("[workspace]\nmembers = []\n"), None);
    }

    #[test]
    fn the_manifest_names_entry_types_and_side_effects() {
        let json: serde_json::Value =
            serde_json::from_str(&manifest("0.1.0", &["ep-password-reset.js".to_owned()])).expect("json");
        assert_eq!(json["exports"]["."]["default"], "./ep-password-reset.js");
        assert_eq!(json["exports"]["."]["types"], "./ep-password-reset.d.ts");
        assert_eq!(json["types"], "./ep-password-reset.d.ts");
        assert_eq!(json["sideEffects"][0], "./ep-password-reset.js");
        assert_eq!(json["version"], "0.1.0");
        assert_eq!(json["files"][0], "ep-password-reset.js");
        let text = manifest("0.1.0", &[]);
        assert!(text.find("\"types\": \"./").expect("types") < text.find("\"default\"").expect("default"));
    }
}
