//! [`SharedDiscovery`]: one discovery for every caller on a page, run again when a caller finds that it
//! had already failed for a passing reason.
//!
//! The page starts discovering as it loads. A shopper who presses a button needs the ids; if discovery
//! is still running, they wait for it, and whatever it answers is the answer to this press. If it had
//! already failed for a passing reason (network, timeout, 429, 5xx) before the press, that answer is
//! stale: the store may be back, so discovery runs again and the press waits for the new answer.
//! Answers that would not change by asking again (found, or refused) are kept for the page's life.

use std::cell::RefCell;

use futures::future::{LocalBoxFuture, Shared};

use super::discovery::{Discovered, DiscoveryError};

/// One run of discovery, awaited by every caller that shares it.
pub type Discovery = Shared<LocalBoxFuture<'static, Result<Discovered, DiscoveryError>>>;

/// The page's discovery: the run under way or done, and how to start another.
pub struct SharedDiscovery {
    start: Box<dyn Fn() -> Discovery>,
    current: RefCell<Discovery>,
}

impl SharedDiscovery {
    /// Starts the first run now (with `start`, which every later run uses too).
    pub fn new(start: impl Fn() -> Discovery + 'static) -> Self {
        let current = RefCell::new(start());
        Self { start: Box::new(start), current }
    }

    /// The ids for a caller who needs them now: the run under way, or its answer; but a passing failure
    /// already known when the caller came starts a new run, and the caller waits for that one.
    pub async fn ids(&self) -> Result<Discovered, DiscoveryError> {
        let current = self.current.borrow().clone();
        let stale = matches!(current.peek(), Some(Err(DiscoveryError::Unavailable(_))));
        let discovery = if stale {
            let fresh = (self.start)();
            *self.current.borrow_mut() = fresh.clone();
            fresh
        } else {
            current
        };
        discovery.await
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::rc::Rc;

    use futures::FutureExt;
    use futures::executor::block_on;

    use super::*;
    use crate::api::ApiError;
    use crate::flows::fake_api::{id, yield_once};

    type Answers = Rc<RefCell<VecDeque<Result<Discovered, DiscoveryError>>>>;

    fn found() -> Result<Discovered, DiscoveryError> {
        Ok(Discovered {
            realm: id("realm-1"),
            password_profile_id: id("prof-1"),
            username_format: None,
            min_password_length: None,
        })
    }

    const OFFLINE: Result<Discovered, DiscoveryError> = Err(DiscoveryError::Unavailable(ApiError::Network));

    /// A discovery whose runs answer `answers` in turn (each after yielding once), and a count of runs.
    fn discovery(answers: &[Result<Discovered, DiscoveryError>]) -> (SharedDiscovery, Rc<RefCell<u32>>) {
        let answers: Answers = Rc::new(RefCell::new(answers.iter().cloned().collect()));
        let runs = Rc::new(RefCell::new(0));
        let counted = Rc::clone(&runs);
        let shared = SharedDiscovery::new(move || {
            *counted.borrow_mut() += 1;
            let answers = Rc::clone(&answers);
            async move {
                yield_once().await;
                answers.borrow_mut().pop_front().expect("a scripted answer")
            }
            .boxed_local()
            .shared()
        });
        (shared, runs)
    }

    /// Lets the page's own mirror of the run (which polls it to the end) see the answer.
    fn finish(shared: &SharedDiscovery) {
        let current = shared.current.borrow().clone();
        let _ = block_on(current);
    }

    #[test]
    fn a_caller_during_the_first_run_waits_for_it_and_a_success_is_kept() {
        let (shared, runs) = discovery(&[found()]);
        assert_eq!(block_on(shared.ids()), found());
        assert_eq!(block_on(shared.ids()), found());
        assert_eq!(*runs.borrow(), 1);
    }

    #[test]
    fn a_passing_failure_known_before_the_press_is_asked_again_and_the_press_waits_for_the_new_answer() {
        let (shared, runs) = discovery(&[OFFLINE, found()]);
        finish(&shared);
        assert_eq!(block_on(shared.ids()), found(), "the store is back: the press gets the new answer");
        assert_eq!(*runs.borrow(), 2);
    }

    #[test]
    fn a_failure_that_arrives_while_the_press_waits_is_its_answer_and_the_next_press_asks_again() {
        let (shared, runs) = discovery(&[OFFLINE, OFFLINE, found()]);
        assert_eq!(block_on(shared.ids()), OFFLINE, "the run the press waited for failed");
        assert_eq!(*runs.borrow(), 1, "not asked again at once");
        assert_eq!(block_on(shared.ids()), OFFLINE, "still down at the second press");
        assert_eq!(block_on(shared.ids()), found(), "the third press finds the store back");
        assert_eq!(*runs.borrow(), 3);
    }

    #[test]
    fn callers_at_the_same_time_share_one_new_run() {
        let (shared, runs) = discovery(&[OFFLINE, found()]);
        finish(&shared);
        let (first, second) = block_on(futures::future::join(shared.ids(), shared.ids()));
        assert_eq!((first, second), (found(), found()));
        assert_eq!(*runs.borrow(), 2);
    }

    #[test]
    fn a_refusal_is_kept_asking_again_would_not_change_it() {
        let refused = Err(DiscoveryError::Refused(ApiError::Forbidden));
        let (shared, runs) = discovery(std::slice::from_ref(&refused));
        finish(&shared);
        assert_eq!(block_on(shared.ids()), refused);
        assert_eq!(block_on(shared.ids()), refused);
        assert_eq!(*runs.borrow(), 1);
    }
}
