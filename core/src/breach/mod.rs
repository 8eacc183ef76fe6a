//! The opt-in breached-password check: a k-anonymity query to a Pwned Passwords compatible range API.
//!
//! The password's SHA-1 (computed by the browser's WebCrypto, so no hash code ships in the WASM) is
//! split into a 5-character prefix, the only thing that leaves the page, and a 35-character suffix,
//! compared here against the service's answer: every known suffix under that prefix with its count,
//! padded with count-0 entries when asked (`Add-Padding: true`), which mean nothing. A service that
//! cannot be reached never stops a reset: the outcome says the password was checked only against the
//! built-in list, and why ([`Unreachable`]), for the store owner's console.
//!
//! Answers are kept per prefix for the page's life, so checking the same password again (another
//! submit after a failure) sends nothing.

use std::cell::RefCell;
use std::rc::Rc;

use crate::secret::Secret;

/// Have I Been Pwned's range API, which the prefix is appended to.
pub const DEFAULT_RANGE_URL: &str = "https://api.pwnedpasswords.com/range/";

/// How long the page waits for a range answer before going on without it.
pub const TIMEOUT_MS: u64 = 3_000;

/// Characters of the hex SHA-1 that leave the page.
pub const PREFIX_LEN: usize = 5;

/// Characters of the hex SHA-1 that stay.
const SUFFIX_LEN: usize = 35;

/// Why a check could not be made: what the console hint names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// The page's Content-Security-Policy (`connect-src`) does not allow the service's origin.
    Blocked,
    /// The request got no answer (offline, DNS, the service down, a CORS refusal).
    Network,
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The service answered this non-2xx status (a redirect, which is never followed, counts as 0).
    Status(u16),
    /// The answer was not a range answer.
    Malformed,
    /// The browser offers no SHA-1 (WebCrypto needs a secure context: `https://` or localhost).
    NoDigest,
}

/// What the check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreachOutcome {
    /// Not in the service's corpus.
    Clear,
    /// Seen in breaches, `count` times.
    Breached {
        /// How often the service has seen it.
        count: u64,
    },
    /// The service could not be asked: only the built-in list was checked.
    Unchecked(Unreachable),
}

/// What the check needs from the browser.
#[allow(async_fn_in_trait)]
pub trait RangeService {
    /// SHA-1 of `bytes`; `None` when the browser offers none.
    async fn sha1(&self, bytes: &[u8]) -> Option<[u8; 20]>;
    /// The text of `GET url` (asking for padding, with no referrer, no cookies and a timeout), or why
    /// there is none.
    async fn range(&self, url: &str) -> Result<String, Unreachable>;
}

/// A password's SHA-1 in upper-case hex, split where the range API splits it. `Debug` shows only the
/// prefix.
pub struct HashParts {
    prefix: String,
    suffix: Secret<String>,
}

impl std::fmt::Debug for HashParts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashParts").field("prefix", &self.prefix).finish_non_exhaustive()
    }
}

impl HashParts {
    /// The parts of a 20-byte SHA-1 digest.
    pub fn from_digest(digest: &[u8; 20]) -> Self {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let mut hex: String = digest
            .iter()
            .flat_map(|byte| [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 15)]])
            .map(char::from)
            .collect();
        let suffix = hex.split_off(PREFIX_LEN);
        Self { prefix: hex, suffix: Secret::new(suffix) }
    }

    /// The 5 upper-case hex characters sent to the service.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The 35 upper-case hex characters that never leave the page.
    pub fn suffix(&self) -> &Secret<String> {
        &self.suffix
    }
}

/// A range answer, checked line by line: `SUFFIX:COUNT` (LF or CRLF, hex in either case, blank lines
/// ignored). A line that is not one (an HTML page, a truncated line) makes the whole answer
/// [`Unreachable::Malformed`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RangeAnswer {
    text: String,
}

impl RangeAnswer {
    /// Checks every line of `body`.
    pub fn parse(body: &str) -> Result<Self, Unreachable> {
        for line in lines(body) {
            split_line(line).ok_or(Unreachable::Malformed)?;
        }
        Ok(Self { text: body.to_owned() })
    }

    /// How often `suffix` (upper-case hex) was seen, if ever. Count 0 is padding: a suffix no one has
    /// used, there only to hide the answer's size.
    pub fn count(&self, suffix: &str) -> Option<u64> {
        lines(&self.text)
            .filter_map(split_line)
            .find(|(seen, count)| *count > 0 && seen.eq_ignore_ascii_case(suffix))
            .map(|(_, count)| count)
    }
}

fn lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines().map(str::trim).filter(|line| !line.is_empty())
}

/// A line's suffix and count, if it is a `SUFFIX:COUNT` line.
fn split_line(line: &str) -> Option<(&str, u64)> {
    let (suffix, count) = line.split_once(':')?;
    let hex = suffix.len() == SUFFIX_LEN && suffix.bytes().all(|b| b.is_ascii_hexdigit());
    count.parse::<u64>().ok().filter(|_| hex).map(|count| (suffix, count))
}

/// The check one page runs: its service URL and the answers it already has.
#[derive(Debug)]
pub struct BreachCheck {
    url: String,
    /// By prefix; a page asks about a handful at most.
    answers: RefCell<Vec<(String, Rc<RangeAnswer>)>>,
}

impl BreachCheck {
    /// A check against the range API at `url` (the prefix is appended to it).
    pub fn new(url: String) -> Self {
        Self { url, answers: RefCell::default() }
    }

    /// The URL asked for `prefix`.
    pub fn url_for(&self, prefix: &str) -> String {
        format!("{}{prefix}", self.url)
    }

    /// Checks `password`: only the prefix of its hash leaves, once per prefix for the page's life.
    pub async fn check(&self, service: &impl RangeService, password: &Secret<String>) -> BreachOutcome {
        let Some(digest) = service.sha1(password.expose().as_bytes()).await else {
            return BreachOutcome::Unchecked(Unreachable::NoDigest);
        };
        let parts = HashParts::from_digest(&digest);
        let known = self
            .answers
            .borrow()
            .iter()
            .find(|(prefix, _)| prefix == parts.prefix())
            .map(|(_, a)| Rc::clone(a));
        let answer = match known {
            Some(answer) => answer,
            None => {
                let text = match service.range(&self.url_for(parts.prefix())).await {
                    Ok(text) => text,
                    Err(why) => return BreachOutcome::Unchecked(why),
                };
                match RangeAnswer::parse(&text) {
                    Ok(answer) => {
                        let answer = Rc::new(answer);
                        self.answers.borrow_mut().push((parts.prefix().to_owned(), Rc::clone(&answer)));
                        answer
                    }
                    Err(why) => return BreachOutcome::Unchecked(why),
                }
            }
        };
        match answer.count(parts.suffix().expose()) {
            Some(count) => BreachOutcome::Breached { count },
            None => BreachOutcome::Clear,
        }
    }
}

#[cfg(test)]
mod tests;
