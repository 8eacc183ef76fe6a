//! One session per page: it takes the page's events (what was typed, which button was pressed) and the
//! flows' answers, and yields the one view model the page renders, with every decision (which view, its
//! heading, notice, button label, wait, focus and announcement) made and host-tested here.
//!
//! - [`link_request`]: "e-mail me a reset link", shared by both pages: the rules around the request flow
//!   ([`LinkRequester`](link_request::LinkRequester)) and what its button and sentence say
//!   ([`LinkRequestView`](link_request::LinkRequestView)).
//! - [`forgot`]: the forgot-password page ([`ForgotSession`](forgot::ForgotSession)).
//! - [`reset`]: the change-password page ([`ResetSession`](reset::ResetSession)).
//!
//! A session never reads a clock or draws a random number itself: [`Host`] brings them in.

pub mod forgot;
pub mod link_request;
pub mod reset;

#[cfg(test)]
mod fake_host;

use crate::breach::RangeService;
use crate::flows::owner_hint::OwnerHint;

/// What the sessions need from where they run, besides the API: a clock and a timer, randomness for
/// jitter, whether the device is online, the console for store-owner hints, and SHA-1 and the range
/// API for the breach check. The browser implements it in the app; host tests use a fake whose clock
/// moves only when it sleeps or is told to.
#[allow(async_fn_in_trait)]
pub trait Host: RangeService {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Resolves after `ms` milliseconds.
    async fn sleep_ms(&self, ms: u64);
    /// A random number in `0.0..=1.0`.
    fn random(&self) -> f64;
    /// Whether the device says it is online.
    fn online(&self) -> bool;
    /// Tells the store owner (the browser console).
    fn hint(&self, hint: OwnerHint);
}

/// Whole seconds from `now_ms` until `deadline_ms`, rounded up (0 once it has passed): what a countdown
/// shows.
pub fn secs_until(deadline_ms: u64, now_ms: u64) -> u64 {
    deadline_ms.saturating_sub(now_ms).div_ceil(1000)
}

#[cfg(test)]
mod tests {
    use super::secs_until;

    #[test]
    fn countdowns_round_up_and_stop_at_zero() {
        assert_eq!(secs_until(10_000, 10_000), 0);
        assert_eq!(secs_until(10_000, 12_000), 0);
        assert_eq!(secs_until(10_001, 10_000), 1);
        assert_eq!(secs_until(70_000, 10_000), 60);
        assert_eq!(secs_until(70_000, 10_500), 60);
    }
}
