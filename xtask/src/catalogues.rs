//! `cargo xtask catalogues DIR` (trunk's post-build hook): copies every non-English catalogue from
//! `src/messages/catalogues/` into `DIR/locales/` under the content-hashed name the app fetches.

use crate::{Result, root};
use ep_reset_core::locale::{Locale, content_hash, file_name};
use std::path::Path;

/// Entry point: `DIR` from the argument, else trunk's `TRUNK_STAGING_DIR`.
pub fn run(args: &[String]) -> Result<()> {
    let dir = match args {
        [dir] => dir.clone(),
        [] => {
            std::env::var("TRUNK_STAGING_DIR").map_err(|_| "usage: cargo xtask catalogues DIR".to_owned())?
        }
        _ => return Err("usage: cargo xtask catalogues DIR".to_owned()),
    };
    copy(&root().join("src/messages/catalogues"), Path::new(&dir))
}

fn copy(source: &Path, dist: &Path) -> Result<()> {
    std::fs::create_dir_all(dist.join("locales")).map_err(|e| e.to_string())?;
    for locale in Locale::ALL.into_iter().filter(|locale| *locale != Locale::En) {
        let from = source.join(format!("{}.txt", locale.tag()));
        let bytes = std::fs::read(&from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let to = dist.join(file_name(locale, content_hash(&bytes)));
        std::fs::write(&to, &bytes).map_err(|e| format!("cannot write {}: {e}", to.display()))?;
    }
    Ok(())
}
