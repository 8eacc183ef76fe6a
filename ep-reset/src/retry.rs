//! When to send a rate-limited (429) request again: after the store's `Retry-After`, else a doubling
//! backoff; a bounded number of times, so the tool never waits for long or forever.

use std::time::Duration;

/// Attempts per request, the first included.
pub const MAX_ATTEMPTS: u32 = 4;

/// Longest single wait, whatever `Retry-After` says.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// Wait before the first retry when the store sends no usable `Retry-After`; doubles each time.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// How long to wait after attempt number `attempts_made` (1 for the first) was answered 429, or `None`
/// when no attempt is left. `retry_after` is the answer's header value, if any.
pub fn wait_after_429(attempts_made: u32, retry_after: Option<&str>) -> Option<Duration> {
    if attempts_made >= MAX_ATTEMPTS {
        return None;
    }
    let backoff = FIRST_BACKOFF.saturating_mul(1 << attempts_made.saturating_sub(1).min(16));
    Some(retry_after.and_then(parse_retry_after).unwrap_or(backoff).min(MAX_WAIT))
}

/// `Retry-After` in whole seconds (at least one); an HTTP date or anything else is not used.
fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(|secs| Duration::from_secs(secs.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_retry_after_in_seconds() {
        assert_eq!(wait_after_429(1, Some("2")), Some(Duration::from_secs(2)));
        assert_eq!(wait_after_429(1, Some(" 0 ")), Some(Duration::from_secs(1)));
    }

    #[test]
    fn caps_a_long_retry_after() {
        assert_eq!(wait_after_429(1, Some("3600")), Some(MAX_WAIT));
    }

    #[test]
    fn backs_off_without_a_usable_header() {
        assert_eq!(wait_after_429(1, None), Some(Duration::from_secs(1)));
        assert_eq!(wait_after_429(2, None), Some(Duration::from_secs(2)));
        assert_eq!(wait_after_429(3, Some("Wed, 21 Oct 2015 07:28:00 GMT")), Some(Duration::from_secs(4)));
    }

    #[test]
    fn stops_after_the_last_attempt() {
        assert_eq!(wait_after_429(MAX_ATTEMPTS, Some("1")), None);
        assert_eq!(wait_after_429(MAX_ATTEMPTS + 5, None), None);
    }
}
