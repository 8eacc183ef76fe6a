//! Every user-visible string, per locale.
//!
//! A catalogue is a text file in `catalogues/` (`en.txt`, `de.txt`, …; the format is
//! [`ep_reset_core::locale::catalogue`]), read into a [`Messages`] value: one struct per area of the app
//! ([`CommonText`], [`ForgotText`], [`ChangeText`], [`ConfigText`]), one field per string. English is
//! compiled in (the default and the fallback); every other catalogue is a small content-hashed file in
//! `dist/locales/`, fetched by [`load`] only when a page speaks that language. The catalogue tests refuse a
//! catalogue that lacks a string, adds one, leaves one empty or changes its placeholders. Pages read the
//! active catalogue through [`use_messages`]; no page holds copy text of its own. Store-owner text
//! (console hints, configuration problems) is English everywhere (`owner`).

mod area;
mod change;
mod common;
mod config_problem;
mod forgot;
mod load;
mod owner;
#[cfg(test)]
mod tests;

pub use area::{Plural, Text};
pub use change::ChangeText;
pub use common::CommonText;
pub use config_problem::ConfigText;
pub use forgot::ForgotText;
pub use load::{load, served_file};
pub use owner::unreadable_answer;

use std::sync::OnceLock;

use ep_reset_core::locale::Locale;
use leptos::prelude::*;

use area::Source;

/// The English catalogue, compiled in.
pub const ENGLISH: &str = include_str!("catalogues/en.txt");

/// One language's catalogue of user-visible text.
pub struct Messages {
    /// The language.
    pub locale: Locale,
    /// BCP 47 tag of this catalogue, for the `lang` attribute.
    pub lang: &'static str,
    /// Text direction, `ltr` or `rtl`, for the `dir` attribute.
    pub dir: &'static str,
    /// Text shared by several pages.
    pub common: CommonText,
    /// The forgot-password page.
    pub forgot: ForgotText,
    /// The change-password page.
    pub change: ChangeText,
    /// The configuration-problem page.
    pub config: ConfigText,
}

impl Messages {
    /// `text` read as the catalogue of `locale`; a string it lacks is English's.
    pub fn parse(locale: Locale, text: &'static str) -> Self {
        let source = Source::new(locale, text, ENGLISH);
        Self {
            locale,
            lang: locale.tag(),
            dir: locale.direction().as_str(),
            common: CommonText::read(&source),
            forgot: ForgotText::read(&source),
            change: ChangeText::read(&source),
            config: ConfigText::read(&source),
        }
    }

    /// The English catalogue (read once).
    pub fn english() -> &'static Messages {
        static ENGLISH_MESSAGES: OnceLock<Messages> = OnceLock::new();
        ENGLISH_MESSAGES.get_or_init(|| Messages::parse(Locale::En, ENGLISH))
    }
}

/// Context key holding the active catalogue.
#[derive(Clone, Copy)]
pub struct ActiveMessages(pub &'static Messages);

/// Makes `messages` the catalogue that [`use_messages`] returns below the current reactive owner.
pub fn provide_messages(messages: &'static Messages) {
    provide_context(ActiveMessages(messages));
}

/// The active catalogue (English when none was provided).
pub fn use_messages() -> &'static Messages {
    use_context::<ActiveMessages>().map_or_else(Messages::english, |active| active.0)
}
