//! The floor before the forgot-password confirmation appears, so its timing does not depend on whether
//! the account exists (cosmetic: the API's own timing is the server's job).

/// A fixed minimum time between submit and showing the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinimumDelay {
    floor_ms: u64,
}

impl MinimumDelay {
    /// Default floor: 1.5 s.
    pub const DEFAULT_MS: u64 = 1500;

    /// A floor of `floor_ms` milliseconds.
    pub fn new(floor_ms: u64) -> Self {
        Self { floor_ms }
    }

    /// How long to hold the outcome back, given the submit time and now (milliseconds, same clock).
    pub fn remaining_ms(&self, started_at_ms: u64, now_ms: u64) -> u64 {
        let elapsed = now_ms.saturating_sub(started_at_ms);
        self.floor_ms.saturating_sub(elapsed)
    }
}

impl Default for MinimumDelay {
    fn default() -> Self {
        Self::new(Self::DEFAULT_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_back_until_the_floor() {
        let delay = MinimumDelay::default();
        assert_eq!(delay.remaining_ms(1_000, 1_000), 1_500);
        assert_eq!(delay.remaining_ms(1_000, 1_200), 1_300);
        assert_eq!(delay.remaining_ms(1_000, 2_500), 0);
        assert_eq!(delay.remaining_ms(1_000, 9_000), 0);
    }

    #[test]
    fn clock_going_backwards_waits_the_full_floor() {
        assert_eq!(MinimumDelay::new(800).remaining_ms(5_000, 4_000), 800);
    }
}
