//! "One click = one request": a flag that refuses a second start while the first is running.

use std::cell::Cell;
use std::rc::Rc;

/// Tracks whether an operation is running. Single-threaded (the browser), hence `Rc<Cell>`.
#[derive(Debug, Default, Clone)]
pub struct InFlight {
    busy: Rc<Cell<bool>>,
}

/// Held while the operation runs, and owned, so it can travel into the task that runs it; dropping it
/// (also when that task is dropped) clears the flag.
#[derive(Debug)]
pub struct Running {
    busy: Rc<Cell<bool>>,
}

impl InFlight {
    /// Starts the operation, or `None` if one is already running.
    pub fn try_start(&self) -> Option<Running> {
        (!self.busy.replace(true)).then(|| Running { busy: Rc::clone(&self.busy) })
    }

    /// Whether an operation is running (for the button's "Sending…").
    pub fn is_busy(&self) -> bool {
        self.busy.get()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.busy.set(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_start_refused_until_the_running_guard_is_dropped() {
        let flag = InFlight::default();
        let running = flag.try_start();
        assert!(running.is_some());
        assert!(flag.is_busy());
        assert!(flag.try_start().is_none());
        assert!(flag.clone().try_start().is_none(), "clones share the flag");
        drop(running);
        assert!(!flag.is_busy());
        assert!(flag.try_start().is_some());
    }
}
