//! The per-username wait after a code was sent, before "Send again" is offered.

use crate::username::Username;

/// When each username last had a code sent, in memory only.
#[derive(Debug, Clone)]
pub struct Cooldown {
    duration_ms: u64,
    started: Vec<(Username, u64)>,
}

impl Cooldown {
    /// Default cooldown: 60 seconds.
    pub const DEFAULT_SECS: u64 = 60;

    /// A cooldown of `secs` seconds per username.
    pub fn new(secs: u64) -> Self {
        Self { duration_ms: secs.saturating_mul(1000), started: Vec::new() }
    }

    /// Records that a code was just sent to `username` at `now_ms` (epoch or monotonic milliseconds,
    /// used consistently).
    pub fn start(&mut self, username: &Username, now_ms: u64) {
        let duration = self.duration_ms;
        self.started.retain(|(name, at)| name != username && now_ms < at.saturating_add(duration));
        self.started.push((username.clone(), now_ms));
    }

    /// Milliseconds left before `username` may ask again; `None` when it may ask now.
    pub fn remaining_ms(&self, username: &Username, now_ms: u64) -> Option<u64> {
        let (_, at) = self.started.iter().rev().find(|(name, _)| name == username)?;
        let ends = at.saturating_add(self.duration_ms);
        // A clock that went backwards counts as "just started", never as a longer wait.
        let remaining = ends.saturating_sub(now_ms.max(*at));
        (remaining > 0).then_some(remaining)
    }
}

impl Default for Cooldown {
    fn default() -> Self {
        Self::new(Self::DEFAULT_SECS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unicode::Unicode;
    use crate::username::{UsernameFormat, normalise};

    fn user(name: &str) -> Username {
        normalise(name, UsernameFormat::Email, Unicode::STD).expect("test username")
    }

    #[test]
    fn counts_down_per_username_with_a_fake_clock() {
        let mut cooldown = Cooldown::default();
        let ada = user("ada@x.org");
        let bob = user("bob@x.org");
        assert_eq!(cooldown.remaining_ms(&ada, 0), None);
        cooldown.start(&ada, 10_000);
        assert_eq!(cooldown.remaining_ms(&ada, 10_000), Some(60_000));
        assert_eq!(cooldown.remaining_ms(&ada, 10_001), Some(59_999));
        assert_eq!(cooldown.remaining_ms(&ada, 69_999), Some(1));
        assert_eq!(cooldown.remaining_ms(&ada, 70_000), None);
        assert_eq!(cooldown.remaining_ms(&bob, 20_000), None);
    }

    #[test]
    fn normalised_usernames_share_a_cooldown() {
        let mut cooldown = Cooldown::new(30);
        cooldown.start(&user(" Ada@X.org "), 0);
        assert_eq!(cooldown.remaining_ms(&user("ada@x.org"), 0), Some(30_000));
    }

    #[test]
    fn restart_replaces_and_expired_entries_are_pruned() {
        let mut cooldown = Cooldown::new(10);
        let ada = user("ada@x.org");
        cooldown.start(&ada, 0);
        cooldown.start(&user("bob@x.org"), 1_000);
        cooldown.start(&ada, 50_000);
        assert_eq!(cooldown.started.len(), 1);
        assert_eq!(cooldown.remaining_ms(&ada, 55_000), Some(5_000));
    }

    #[test]
    fn clock_going_backwards_never_lengthens_the_wait() {
        let mut cooldown = Cooldown::new(60);
        let ada = user("ada@x.org");
        cooldown.start(&ada, 100_000);
        assert_eq!(cooldown.remaining_ms(&ada, 0), Some(60_000));
    }

    #[test]
    fn zero_cooldown_never_blocks() {
        let mut cooldown = Cooldown::new(0);
        let ada = user("ada@x.org");
        cooldown.start(&ada, 5);
        assert_eq!(cooldown.remaining_ms(&ada, 5), None);
    }
}
