//! [`Model`]: a page's core session, shared by the page's views and its event handlers.
//!
//! The session decides everything (`ep_reset_core::session`); the page reads its view model with
//! [`Model::read`] in reactive closures, which rerun whenever a handler reports [`Model::changed`].

use std::rc::Rc;

use leptos::prelude::*;

/// A session and the signal that says it changed. `Copy` and `Send`, as reactive closures must be.
pub struct Model<S: 'static> {
    session: StoredValue<Rc<S>, LocalStorage>,
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
        Self { session: StoredValue::new_local(Rc::new(session)), revision: RwSignal::new(0) }
    }

    /// Reads the session, rerunning the calling closure after every [`Self::changed`].
    pub fn read<T>(&self, f: impl FnOnce(&S) -> T) -> T {
        self.revision.track();
        self.session.with_value(|session| f(session))
    }

    /// The session itself, for a task that outlives the current event; `None` once the page is gone.
    pub fn session(&self) -> Option<Rc<S>> {
        self.session.try_get_value()
    }

    /// Runs a change on the session, then tells the views.
    pub fn update(&self, f: impl FnOnce(&S)) {
        if let Some(session) = self.session() {
            f(&session);
            self.changed();
        }
    }

    /// Tells the views the session changed (does nothing once the page is gone).
    pub fn changed(&self) {
        self.revision.try_update(|revision| *revision = revision.wrapping_add(1));
    }
}
