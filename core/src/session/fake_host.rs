//! A [`Host`] for host tests: a clock that moves only when a session sleeps or a test advances it.

use std::cell::{Cell, RefCell};

use super::Host;
use crate::flows::fake_api::yield_once;
use crate::flows::owner_hint::OwnerHint;

pub struct FakeHost {
    pub now: Cell<u64>,
    pub online: Cell<bool>,
    pub slept: RefCell<Vec<u64>>,
    pub hints: RefCell<Vec<OwnerHint>>,
}

impl Default for FakeHost {
    fn default() -> Self {
        Self {
            now: Cell::new(1_000_000),
            online: Cell::new(true),
            slept: RefCell::default(),
            hints: RefCell::default(),
        }
    }
}

impl FakeHost {
    pub fn advance(&self, ms: u64) {
        self.now.set(self.now.get() + ms);
    }
}

impl Host for FakeHost {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }

    async fn sleep_ms(&self, ms: u64) {
        self.slept.borrow_mut().push(ms);
        yield_once().await;
        self.advance(ms);
    }

    fn random(&self) -> f64 {
        0.5
    }

    fn online(&self) -> bool {
        self.online.get()
    }

    fn hint(&self, hint: OwnerHint) {
        self.hints.borrow_mut().push(hint);
    }
}
