//! A [`Host`] for host tests: a clock that moves only when a session sleeps or a test advances it,
//! real SHA-1, and a range API answering from a list of breached passwords.

use std::cell::{Cell, RefCell};

use sha1::{Digest, Sha1};

use super::Host;
use crate::breach::{RangeService, Unreachable};
use crate::flows::fake_api::yield_once;
use crate::flows::owner_hint::OwnerHint;

pub struct FakeHost {
    pub now: Cell<u64>,
    pub online: Cell<bool>,
    pub slept: RefCell<Vec<u64>>,
    pub hints: RefCell<Vec<OwnerHint>>,
    /// The range API's corpus.
    pub breached: RefCell<Vec<&'static str>>,
    /// When set, the range API fails so.
    pub range_fails: Cell<Option<Unreachable>>,
    /// Every URL the range API was asked.
    pub range_asked: RefCell<Vec<String>>,
}

impl Default for FakeHost {
    fn default() -> Self {
        Self {
            now: Cell::new(1_000_000),
            online: Cell::new(true),
            slept: RefCell::default(),
            hints: RefCell::default(),
            breached: RefCell::default(),
            range_fails: Cell::new(None),
            range_asked: RefCell::default(),
        }
    }
}

impl FakeHost {
    pub fn advance(&self, ms: u64) {
        self.now.set(self.now.get() + ms);
    }
}

fn sha1_hex(text: &str) -> String {
    Sha1::digest(text.as_bytes()).iter().map(|byte| format!("{byte:02X}")).collect()
}

impl RangeService for FakeHost {
    async fn sha1(&self, bytes: &[u8]) -> Option<[u8; 20]> {
        Some(Sha1::digest(bytes).into())
    }

    async fn range(&self, url: &str) -> Result<String, Unreachable> {
        self.range_asked.borrow_mut().push(url.to_owned());
        yield_once().await;
        if let Some(why) = self.range_fails.get() {
            return Err(why);
        }
        let prefix = url.rsplit('/').next().unwrap_or_default();
        let breached = self.breached.borrow();
        let lines = breached.iter().map(|password| sha1_hex(password)).filter_map(|hex| {
            let (hash_prefix, suffix) = hex.split_at(5);
            (hash_prefix == prefix).then(|| format!("{suffix}:3\r\n"))
        });
        Ok(lines.collect())
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
