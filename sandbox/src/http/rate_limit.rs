//! A token bucket: `rate` requests per second, bursts of up to `rate`.

use std::sync::Mutex;
use std::time::Instant;

use crate::state::lock;

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The store's rate limiter (the sandbox has one store, hence one bucket). Uses real time, not the
/// sandbox clock.
#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    bucket: Mutex<Bucket>,
}

impl RateLimiter {
    /// A full bucket refilling at `rate` requests per second (at least 1).
    pub fn new(rate: u32) -> Self {
        let rate = f64::from(rate.max(1));
        Self { rate, bucket: Mutex::new(Bucket { tokens: rate, last: Instant::now() }) }
    }

    /// Takes one token, or says how many whole seconds (at least 1) until one is available.
    pub fn try_acquire(&self) -> Result<(), u64> {
        let mut bucket = lock(&self.bucket);
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.rate).min(self.rate);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - bucket.tokens) / self.rate).ceil();
            // `wait` is small and positive; the cast saturates anyway.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let wait = wait as u64;
            Err(wait.max(1))
        }
    }

    /// Refills the bucket.
    pub fn reset(&self) {
        let mut bucket = lock(&self.bucket);
        bucket.tokens = self.rate;
        bucket.last = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_refuses() {
        let limiter = RateLimiter::new(3);
        assert!((0..3).all(|_| limiter.try_acquire().is_ok()));
        assert_eq!(limiter.try_acquire(), Err(1));
        limiter.reset();
        assert!(limiter.try_acquire().is_ok());
    }
}
