//! The English catalogue (the default and fallback).

mod change;
mod common;
mod config_problem;
mod forgot;

use super::Messages;

/// English.
pub const EN: Messages = Messages {
    lang: "en",
    dir: "ltr",
    common: common::COMMON,
    forgot: forgot::FORGOT,
    change: change::CHANGE,
    config: config_problem::CONFIG,
};
