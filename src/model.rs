//! [`Model`]: a page's core session, shared by the page's views and its event handlers.
//!
//! The session decides everything (`ep_reset_core::session`); the page reads its view model with
//! [`Model::read`] in reactive closures. A session changes only through `&mut self`, which only
//! [`Model::update`] and [`Model::spawn`] hand out, and both tell the views: a change the views do not
//! hear of does not compile.
//!
//! ```compile_fail,E0596
//! use ep_password_reset::model::Model;
//! use ep_reset_core::session::forgot::ForgotSession;
//!
//! fn use_a_different_address(page: Model<ForgotSession>) {
//!     // A read gives `&ForgotSession`: editing through it would leave the views stale.
//!     page.read(|session| session.edit());
//! }
//! ```
//!
//! ```no_run
//! use ep_password_reset::model::Model;
//! use ep_reset_core::session::forgot::ForgotSession;
//!
//! fn use_a_different_address(page: Model<ForgotSession>) {
//!     page.update(ForgotSession::edit);
//! }
//! ```

use std::future::Future;

use leptos::prelude::*;

/// A session and the signal that says it changed. `Copy` and `Send`, as reactive closures must be.
pub struct Model<S: 'static> {
    session: StoredValue<S, LocalStorage>,
    revision: RwSignal<u32>,
}

impl<S> Clone for Model<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Model<S> {}

impl<S: 'static> Model<S> {
    /// Holds `session` for the current page (its reactive owner).
    pub fn new(session: S) -> Self {
        Self { session: StoredValue::new_local(session), revision: RwSignal::new(0) }
    }

    /// Reads the session, rerunning the calling closure after every change.
    pub fn read<T>(&self, f: impl FnOnce(&S) -> T) -> T {
        self.revision.track();
        self.session.with_value(f)
    }

    /// Reads the session once, untracked (for a handler); `None` once the page is gone.
    pub fn try_read<T>(&self, f: impl FnOnce(&S) -> T) -> Option<T> {
        self.session.try_with_value(f)
    }

    /// Changes the session, then tells the views; what `f` returns, or `None` once the page is gone.
    pub fn update<T>(&self, f: impl FnOnce(&mut S) -> T) -> Option<T> {
        let (mut f, mut result) = (Some(f), None);
        self.change(&mut |session| result = f.take().map(|f| f(session)));
        result
    }

    /// One compiled change per session type, whatever the caller's closure (smaller WASM).
    fn change(&self, f: &mut dyn FnMut(&mut S)) {
        if self.session.try_update_value(|session| f(session)).is_some() {
            self.revision.try_update(|revision| *revision = revision.wrapping_add(1));
        }
    }

    /// Runs `work` (a request: it holds no borrow of the session while it waits), then applies its
    /// answer with `then` as [`Self::update`] does; `after` runs once the views know, for what follows
    /// a change (focus, the host's event). Nothing is applied once the page is gone.
    pub fn spawn<W: Future + 'static>(
        &self,
        work: W,
        then: impl FnOnce(&mut S, W::Output) + 'static,
        after: impl FnOnce() + 'static,
    ) {
        let model = *self;
        leptos::task::spawn_local(async move {
            let answer = work.await;
            if model.update(|session| then(session, answer)).is_some() {
                after();
            }
        });
    }
}
