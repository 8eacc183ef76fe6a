//! Turning a request path below the app base into a path inside `--app-dir`, refusing anything that
//! could leave it.

use std::path::{Component, Path, PathBuf};

/// Percent-decodes a URL path below the app base and refuses anything that could leave the
/// directory: `.`/`..` segments, backslashes, NUL, absolute parts, invalid UTF-8 or escapes.
pub fn safe_relative_path(raw: &str) -> Option<PathBuf> {
    let decoded = percent_decode(raw)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut path = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(part)), None) => path.push(part),
            _ => return None,
        }
    }
    Some(path)
}

/// Strict percent-decoding: `None` for a bad escape or invalid UTF-8.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether `path` is a regular file that (after resolving links) lies inside `dir`.
pub async fn is_file_inside(path: &Path, dir: &Path) -> bool {
    let (Ok(file), Ok(dir)) = (tokio::fs::canonicalize(path).await, tokio::fs::canonicalize(dir).await)
    else {
        return false;
    };
    file.starts_with(&dir) && tokio::fs::metadata(&file).await.is_ok_and(|meta| meta.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "..",
            "../Cargo.toml",
            "a/../../b",
            "%2e%2e/x",
            "%2E%2E%2Fx",
            "a/..%2f..%2fx",
            "..%5cx",
            "a\\b",
            "%00",
            "%zz",
            "%ff",
            "./x",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn normal_paths_pass() {
        assert_eq!(safe_relative_path(""), Some(PathBuf::new()));
        assert_eq!(safe_relative_path("pkg/app_bg.wasm"), Some(PathBuf::from("pkg/app_bg.wasm")));
        assert_eq!(safe_relative_path("a%20b//c.js"), Some(PathBuf::from("a b/c.js")));
        assert_eq!(safe_relative_path("..x"), Some(PathBuf::from("..x")));
    }
}
