//! `GET /range/{prefix}`: a Pwned Passwords compatible k-anonymity range API over a corpus the sandbox
//! builds from the app's common-password list and the demo's breached passwords, so the element's
//! breach check runs against it without the internet.
//!
//! As the real service: the prefix is 5 hex characters (either case), the answer is `text/plain`, one
//! `SUFFIX:COUNT` line per hash (35 upper-case hex characters, CRLF), and a request carrying
//! `Add-Padding: true` gets count-0 padding lines up to a random 800–1,000 lines in all. The
//! `breach_range` switch makes it fail instead (see [`BreachRange`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::time::Duration;

use axum::Extension;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use sha1::{Digest, Sha1};

use crate::error::ApiError;
use crate::http::dropped;
use crate::switches::{BreachRange, Switches};

/// Passwords the demo treats as breached: each passes the element's own rules (long enough, not on the
/// common-password list), so only the breach check refuses it.
pub const DEMO_BREACHED: &[&str] =
    &["correct horse battery staple", "Tr0ub4dor&3", "breached passphrase 2019", "summer holiday 2020!"];

/// How long the `slow` switch holds an answer: past any sensible client timeout.
pub const SLOW: Duration = Duration::from_secs(10);

/// The bounds of a padded answer's line count.
const PADDED_LINES: std::ops::RangeInclusive<usize> = 800..=1000;

/// The corpus: for each 5-character prefix, its suffixes with their counts, sorted.
type Corpus = BTreeMap<String, Vec<(String, u32)>>;

/// The corpus, built once: every common password (count by rank, the most common highest) and every
/// demo password.
fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let common = include_str!("../../../assets/common-passwords.txt").lines().filter(|l| !l.is_empty());
        let counted = common.enumerate().map(|(rank, password)| (password, 10_000 - rank.min(9_999) as u32));
        let demo = DEMO_BREACHED.iter().map(|password| (*password, 42));
        let mut corpus = Corpus::new();
        for (password, count) in counted.chain(demo) {
            let hex = sha1_hex(password);
            let (prefix, suffix) = hex.split_at(5);
            corpus.entry(prefix.to_owned()).or_default().push((suffix.to_owned(), count));
        }
        for suffixes in corpus.values_mut() {
            suffixes.sort();
            suffixes.dedup_by(|a, b| a.0 == b.0);
        }
        corpus
    })
}

/// Upper-case hex SHA-1 of `password`'s UTF-8 bytes.
pub fn sha1_hex(password: &str) -> String {
    Sha1::digest(password.as_bytes()).iter().map(|byte| format!("{byte:02X}")).collect()
}

/// Answers a range request as the switch says.
pub async fn range(
    Extension(switches): Extension<Switches>,
    Path(prefix): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if prefix.len() != 5 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::invalid("the hash prefix must be 5 hexadecimal characters", "prefix"));
    }
    let padding_asked =
        headers.get("add-padding").is_some_and(|value| value.as_bytes().eq_ignore_ascii_case(b"true"));
    let padded = padding_asked && switches.breach_range == BreachRange::Padded;
    match switches.breach_range {
        BreachRange::Down => return Ok(dropped()),
        BreachRange::Slow => tokio::time::sleep(SLOW).await,
        BreachRange::Malformed => {
            let page = "<!doctype html><title>Welcome</title><p>Sign in to the Wi-Fi to continue.</p>\n";
            let mut response = (StatusCode::OK, page).into_response();
            let html = HeaderValue::from_static("text/html; charset=utf-8");
            response.headers_mut().insert(header::CONTENT_TYPE, html);
            return Ok(response);
        }
        BreachRange::Padded | BreachRange::Unpadded => {}
    }
    let body = answer(&prefix.to_ascii_uppercase(), padded);
    let mut response = (StatusCode::OK, body).into_response();
    let text = HeaderValue::from_static("text/plain; charset=utf-8");
    response.headers_mut().insert(header::CONTENT_TYPE, text);
    Ok(response)
}

/// The lines for `prefix`, with count-0 padding up to a random 800–1,000 lines if `padded`.
fn answer(prefix: &str, padded: bool) -> String {
    let mut lines: Vec<(String, u32)> = corpus().get(prefix).cloned().unwrap_or_default();
    if padded {
        let mut rng = rand::rng();
        let wanted = rng.random_range(PADDED_LINES).max(lines.len());
        while lines.len() < wanted {
            let suffix: String =
                (0..35).map(|_| char::from(b"0123456789ABCDEF"[rng.random_range(0..16)])).collect();
            if !lines.iter().any(|(known, _)| *known == suffix) {
                lines.push((suffix, 0));
            }
        }
        lines.sort();
    }
    lines.iter().map(|(suffix, count)| format!("{suffix}:{count}\r\n")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_is_upper_case_hex() {
        assert_eq!(sha1_hex("P@ssw0rd"), "21BD12DC183F740EE76F27B78EB39C8AD972A757");
    }

    #[test]
    fn the_corpus_holds_common_and_demo_passwords() {
        for password in ["password", "12345678"].iter().chain(DEMO_BREACHED) {
            let hex = sha1_hex(password);
            let (prefix, suffix) = hex.split_at(5);
            let body = answer(prefix, false);
            assert!(body.lines().any(|line| line.starts_with(suffix) && !line.ends_with(":0")), "{password}");
        }
        let strong = sha1_hex("a brand new passphrase for ada");
        assert!(!answer(&strong[..5], false).contains(&strong[5..]));
    }

    #[test]
    fn padding_adds_count_zero_lines_up_to_800_to_1000() {
        let hex = sha1_hex("password");
        let padded = answer(&hex[..5], true);
        let lines: Vec<&str> = padded.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(PADDED_LINES.contains(&lines.len()), "{}", lines.len());
        assert!(lines.iter().all(|l| l.len() > 36 && l.as_bytes()[35] == b':'));
        assert_eq!(
            lines.iter().filter(|l| !l.ends_with(":0")).count(),
            answer(&hex[..5], false).lines().count()
        );
    }
}
