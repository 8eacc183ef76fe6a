//! Log lines about refused requests, at most one a second: a flood of bad requests cannot flood the log.
//! The line that is written says how many refusals it stands for.

use std::sync::Mutex;

use super::clock::EpochMs;

/// How long after a written line the next refusal is only counted.
pub const QUIET_MS: EpochMs = 1_000;

#[derive(Debug, Default)]
struct State {
    last_written: Option<EpochMs>,
    unwritten: u64,
}

/// The refusal log's memory.
#[derive(Debug, Default)]
pub struct Throttle {
    state: Mutex<State>,
}

impl Throttle {
    /// The line to write for a refusal described by `line` at `now`, or `None` while the last written
    /// one is less than a second old (the refusal is then counted into the next line).
    pub fn line(&self, now: EpochMs, line: &str) -> Option<String> {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if state.last_written.is_some_and(|at| now.saturating_sub(at) < QUIET_MS) {
            state.unwritten += 1;
            return None;
        }
        let earlier = std::mem::take(&mut state.unwritten);
        state.last_written = Some(now);
        Some(if earlier == 0 {
            line.to_string()
        } else {
            format!("{line} (and {earlier} more refused request(s) since the last such line)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_a_second_carrying_the_count() {
        let throttle = Throttle::default();
        assert_eq!(throttle.line(0, "refused a").as_deref(), Some("refused a"));
        for at in 1..=500 {
            assert_eq!(throttle.line(at, "refused b"), None);
        }
        assert_eq!(throttle.line(999, "refused c"), None);
        assert_eq!(
            throttle.line(1_000, "refused d").as_deref(),
            Some("refused d (and 501 more refused request(s) since the last such line)")
        );
        assert_eq!(throttle.line(2_500, "refused e").as_deref(), Some("refused e"));
    }
}
