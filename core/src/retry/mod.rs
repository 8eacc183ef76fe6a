//! How long to wait before trying again: `Retry-After` (RFC 9110 §10.2.3) and capped exponential backoff.
//!
//! Every wait is a [`RetryAfter`], clamped to [`RetryAfter::MIN_SECS`]..=[`RetryAfter::MAX_SECS`]
//! (1 s to 1 h). [`wait_for`] picks the server's value when it was readable, else the backoff.

mod backoff;
mod http_date;
mod retry_after;

pub use backoff::Backoff;
pub use http_date::parse_imf_fixdate;
pub use retry_after::RetryAfter;

/// The wait before attempt number `attempt` (1 = the first retry): the server's `Retry-After` when it was
/// readable, otherwise `backoff` with `jitter` (a number in `0.0..=1.0` the caller draws at random).
pub fn wait_for(retry_after: Option<RetryAfter>, attempt: u32, backoff: &Backoff, jitter: f64) -> RetryAfter {
    retry_after.unwrap_or_else(|| backoff.delay(attempt, jitter))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_value_wins_over_backoff() {
        let server = RetryAfter::from_secs(42);
        assert_eq!(wait_for(Some(server), 5, &Backoff::default(), 1.0), server);
    }

    #[test]
    fn backoff_when_header_unreadable() {
        let backoff = Backoff::default();
        assert_eq!(wait_for(None, 3, &backoff, 0.5), backoff.delay(3, 0.5));
    }
}
