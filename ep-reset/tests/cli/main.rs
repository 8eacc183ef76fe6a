//! `ep-reset` against the real `ep-sandbox` binary over HTTP: the set-up journey, the dry run, and every
//! kind of bad input. Every run's output is checked for secrets (see `support::run`).

mod bad_input;
mod journey;
#[path = "../shared/mod.rs"]
mod shared;
mod support;
