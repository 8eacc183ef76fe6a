//! The webhook's shared secret (sent by Elastic Path as `X-MOLTIN-SECRET-KEY`): from
//! `EP_RESET_WEBHOOK_SECRET`, or from the file `EP_RESET_WEBHOOK_SECRET_FILE` names (the way container
//! platforms mount secrets).

use std::path::Path;

use crate::secret::Secret;

/// The secret itself.
pub const WEBHOOK_SECRET_VAR: &str = "EP_RESET_WEBHOOK_SECRET";
/// A file holding the secret (one trailing line break is not part of it).
pub const WEBHOOK_SECRET_FILE_VAR: &str = "EP_RESET_WEBHOOK_SECRET_FILE";
/// The shortest secret `setup` and the mailer accept, in characters.
pub const MIN_SECRET_CHARS: usize = 32;

/// Why the secret cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretSourceProblem {
    /// Both variables are set: which one counts would be a guess.
    #[error("set EP_RESET_WEBHOOK_SECRET or EP_RESET_WEBHOOK_SECRET_FILE, not both")]
    Both,
    /// The file cannot be read.
    #[error("EP_RESET_WEBHOOK_SECRET_FILE {path:?} cannot be read: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// The file is empty.
    #[error("EP_RESET_WEBHOOK_SECRET_FILE {0:?} is empty")]
    EmptyFile(String),
    /// The secret is too short to resist guessing.
    #[error(
        "{variable} is {length} characters long: it must be at least 32 (for example `openssl rand -hex 32`)"
    )]
    TooShort {
        /// The variable the secret came from.
        variable: &'static str,
        /// Its length in characters.
        length: usize,
    },
}

/// The secret, if one of the two variables is set (and not empty), read through `var` and `read_file`
/// (the process environment and the file system in `main`), with the variable it came from.
fn sourced(
    var: impl Fn(&str) -> Option<String>,
    read_file: impl Fn(&Path) -> std::io::Result<String>,
) -> Result<Option<(Secret, &'static str)>, SecretSourceProblem> {
    let value = var(WEBHOOK_SECRET_VAR).filter(|v| !v.is_empty());
    let file = var(WEBHOOK_SECRET_FILE_VAR).filter(|v| !v.is_empty());
    match (value, file) {
        (Some(_), Some(_)) => Err(SecretSourceProblem::Both),
        (Some(value), None) => Ok(Some((Secret::new(value), WEBHOOK_SECRET_VAR))),
        (None, Some(path)) => {
            let text = read_file(Path::new(&path))
                .map_err(|e| SecretSourceProblem::Unreadable { path: path.clone(), reason: e.to_string() })?;
            // Files written by editors and `echo` end in a line break that is not part of the secret.
            let secret = text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&text);
            if secret.is_empty() {
                return Err(SecretSourceProblem::EmptyFile(path));
            }
            Ok(Some((Secret::new(secret.to_string()), WEBHOOK_SECRET_FILE_VAR)))
        }
        (None, None) => Ok(None),
    }
}

/// The secret as set, of any length (to keep it out of output even when it is refused).
pub fn webhook_secret(
    var: impl Fn(&str) -> Option<String>,
    read_file: impl Fn(&Path) -> std::io::Result<String>,
) -> Result<Option<Secret>, SecretSourceProblem> {
    Ok(sourced(var, read_file)?.map(|(secret, _)| secret))
}

/// The secret, refused when shorter than [`MIN_SECRET_CHARS`] (naming the variable it came from).
pub fn strong_webhook_secret(
    var: impl Fn(&str) -> Option<String>,
    read_file: impl Fn(&Path) -> std::io::Result<String>,
) -> Result<Option<Secret>, SecretSourceProblem> {
    let Some((secret, variable)) = sourced(var, read_file)? else { return Ok(None) };
    let length = secret.expose().chars().count();
    if length < MIN_SECRET_CHARS {
        return Err(SecretSourceProblem::TooShort { variable, length });
    }
    Ok(Some(secret))
}

/// [`webhook_secret`] from the file system.
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Option<Secret>, SecretSourceProblem> {
    webhook_secret(var, |path| std::fs::read_to_string(path))
}

/// [`strong_webhook_secret`] from the file system.
pub fn strong_from_env(var: impl Fn(&str) -> Option<String>) -> Result<Option<Secret>, SecretSourceProblem> {
    strong_webhook_secret(var, |path| std::fs::read_to_string(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_string())
    }

    fn file(text: &'static str) -> impl Fn(&Path) -> std::io::Result<String> {
        move |_| Ok(text.to_string())
    }

    fn read(pairs: &[(&str, &str)], text: &'static str) -> Result<Option<String>, SecretSourceProblem> {
        webhook_secret(env(pairs), file(text)).map(|s| s.map(|s| s.expose().to_string()))
    }

    #[test]
    fn an_empty_variable_is_no_secret() {
        assert_eq!(read(&[(WEBHOOK_SECRET_VAR, "")], ""), Ok(None));
        assert_eq!(read(&[], ""), Ok(None));
        assert_eq!(read(&[(WEBHOOK_SECRET_VAR, "w")], ""), Ok(Some("w".into())));
    }

    #[test]
    fn the_file_is_read_without_its_last_line_break() {
        assert_eq!(read(&[(WEBHOOK_SECRET_FILE_VAR, "/run/s")], "abc\n"), Ok(Some("abc".into())));
        assert_eq!(read(&[(WEBHOOK_SECRET_FILE_VAR, "/run/s")], "abc\r\n"), Ok(Some("abc".into())));
        assert_eq!(read(&[(WEBHOOK_SECRET_FILE_VAR, "/run/s")], " a b "), Ok(Some(" a b ".into())));
        assert_eq!(
            read(&[(WEBHOOK_SECRET_FILE_VAR, "/run/s")], "\n"),
            Err(SecretSourceProblem::EmptyFile("/run/s".into()))
        );
    }

    #[test]
    fn both_or_an_unreadable_file_is_refused() {
        assert_eq!(
            read(&[(WEBHOOK_SECRET_VAR, "a"), (WEBHOOK_SECRET_FILE_VAR, "/run/s")], "b"),
            Err(SecretSourceProblem::Both)
        );
        let missing = webhook_secret(env(&[(WEBHOOK_SECRET_FILE_VAR, "/nonexistent/secret")]), |p| {
            std::fs::read_to_string(p)
        });
        assert!(
            matches!(missing, Err(SecretSourceProblem::Unreadable { ref path, .. }) if path == "/nonexistent/secret")
        );
    }

    #[test]
    fn a_short_secret_is_refused_naming_its_variable() {
        let short = "0123456789abcdef0123456789abcde";
        let strong = |pairs: &[(&str, &str)], text: &'static str| {
            strong_webhook_secret(env(pairs), file(text)).map(|s| s.map(|s| s.expose().to_string()))
        };
        assert_eq!(
            strong(&[(WEBHOOK_SECRET_VAR, short)], ""),
            Err(SecretSourceProblem::TooShort { variable: WEBHOOK_SECRET_VAR, length: 31 })
        );
        let from_file = strong(&[(WEBHOOK_SECRET_FILE_VAR, "/run/s")], "0123456789abcdef0123456789abcde\n");
        assert_eq!(
            from_file,
            Err(SecretSourceProblem::TooShort { variable: WEBHOOK_SECRET_FILE_VAR, length: 31 })
        );
        assert!(
            from_file.unwrap_err().to_string().starts_with("EP_RESET_WEBHOOK_SECRET_FILE is 31 characters")
        );
        let long = format!("{short}f");
        assert_eq!(strong(&[(WEBHOOK_SECRET_VAR, &long)], ""), Ok(Some(long.clone())));
        assert_eq!(strong(&[], ""), Ok(None));
    }
}
