//! Reusing the implicit token until shortly before it expires, so a submit never waits for a new one
//! and never fails on an expired one.

use crate::api::dto::ImplicitTokenResponse;
use crate::secret::Secret;

/// The cached implicit token and its expiry.
#[derive(Debug, Clone, Default)]
pub struct TokenCache {
    entry: Option<(Secret<String>, u64)>,
    margin_secs: u64,
}

impl TokenCache {
    /// Default safety margin: a token with less than a minute left is not reused, which covers a slow
    /// request chain and small clock skew.
    pub const DEFAULT_MARGIN_SECS: u64 = 60;

    /// An empty cache with the default margin.
    pub fn new() -> Self {
        Self::with_margin(Self::DEFAULT_MARGIN_SECS)
    }

    /// An empty cache with `margin_secs`.
    pub fn with_margin(margin_secs: u64) -> Self {
        Self { entry: None, margin_secs }
    }

    /// The cached token if it is still good at `now_epoch_secs` (more than the margin before expiry).
    pub fn get(&self, now_epoch_secs: u64) -> Option<&Secret<String>> {
        let (token, expires_at) = self.entry.as_ref()?;
        (now_epoch_secs.saturating_add(self.margin_secs) < *expires_at).then_some(token)
    }

    /// Stores a fresh token received at `now_epoch_secs`. Expiry is `now + expires_in` when present, else
    /// `expires`; a response with neither is not cached (the next call fetches again).
    ///
    /// `expires_in` comes first because it is relative: `expires` is the server's clock, and a shopper's
    /// clock that is off by an hour would otherwise reuse a dead token or never reuse a live one.
    pub fn store(&mut self, response: &ImplicitTokenResponse, now_epoch_secs: u64) {
        let expires_at =
            response.expires_in.map(|secs| now_epoch_secs.saturating_add(secs)).or(response.expires);
        self.entry = expires_at.map(|at| (response.access_token.clone(), at));
    }

    /// Forgets the token (e.g. after a 401 that proves it was revoked).
    pub fn clear(&mut self) {
        self.entry = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(expires: Option<u64>, expires_in: Option<u64>) -> ImplicitTokenResponse {
        ImplicitTokenResponse { access_token: Secret::new("tok".into()), expires, expires_in }
    }

    #[test]
    fn reused_until_margin_before_expiry() {
        let mut cache = TokenCache::new();
        assert!(cache.get(1000).is_none());
        cache.store(&response(Some(4600), Some(3600)), 1000);
        assert_eq!(cache.get(1000).map(|t| t.expose().as_str()), Some("tok"));
        assert!(cache.get(4539).is_some());
        assert!(cache.get(4540).is_none());
        assert!(cache.get(9999).is_none());
    }

    #[test]
    fn a_skewed_client_clock_follows_expires_in_not_the_servers_expires() {
        // The server says it is 1000 (expires 4600); the browser's clock says 90_000.
        let mut cache = TokenCache::new();
        cache.store(&response(Some(4600), Some(3600)), 90_000);
        assert!(cache.get(90_000).is_some(), "a fresh token is reused despite the skew");
        assert!(cache.get(93_540).is_none(), "and dropped a margin before its lifetime ends");
    }

    #[test]
    fn falls_back_to_expires_in_and_skips_unknown_lifetimes() {
        let mut cache = TokenCache::with_margin(0);
        cache.store(&response(None, Some(100)), 50);
        assert!(cache.get(149).is_some());
        assert!(cache.get(150).is_none());
        cache.store(&response(None, None), 50);
        assert!(cache.get(50).is_none());
    }

    #[test]
    fn clear_forgets() {
        let mut cache = TokenCache::new();
        cache.store(&response(Some(u64::MAX), None), 0);
        assert!(cache.get(u64::MAX - 100).is_some());
        cache.clear();
        assert!(cache.get(0).is_none());
    }
}
