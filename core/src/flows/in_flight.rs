//! "One click = one request": a flag that refuses a second start while the first is running.

use std::cell::Cell;

/// Tracks whether an operation is running. Single-threaded (the browser), hence `Cell`.
#[derive(Debug, Default)]
pub struct InFlight {
    busy: Cell<bool>,
}

/// Held while the operation runs; dropping it (also when the future is dropped) clears the flag.
#[derive(Debug)]
pub struct InFlightGuard<'a> {
    busy: &'a Cell<bool>,
}

impl InFlight {
    /// Not busy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts the operation, or `None` if one is already running.
    pub fn try_start(&self) -> Option<InFlightGuard<'_>> {
        if self.busy.replace(true) { None } else { Some(InFlightGuard { busy: &self.busy }) }
    }

    /// Whether an operation is running (for disabling the button).
    pub fn is_busy(&self) -> bool {
        self.busy.get()
    }
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.busy.set(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_start_refused_until_guard_dropped() {
        let flag = InFlight::new();
        let guard = flag.try_start();
        assert!(guard.is_some());
        assert!(flag.is_busy());
        assert!(flag.try_start().is_none());
        drop(guard);
        assert!(!flag.is_busy());
        assert!(flag.try_start().is_some());
    }
}
