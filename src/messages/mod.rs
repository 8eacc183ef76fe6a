//! Every user-visible string, per locale.
//!
//! A catalogue is a [`Messages`] value: one struct per area of the app ([`CommonText`], [`ForgotText`],
//! [`ChangeText`], [`ConfigText`]), one field per string. Adding a language is adding a folder like `en/`
//! with one `const` per area, and the compiler refuses a catalogue that forgets a string. Pages read the
//! catalogue chosen for the configured locale through [`use_messages`]; no page holds copy text of its own.

mod change;
mod common;
mod config_problem;
mod en;
mod forgot;

pub use change::ChangeText;
pub use common::CommonText;
pub use config_problem::ConfigText;
pub use en::EN;
pub use forgot::ForgotText;

use leptos::prelude::*;

/// One language's catalogue of user-visible text.
pub struct Messages {
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

/// Every catalogue; a new language adds a folder beside `en/` and an entry here.
const CATALOGUES: &[&Messages] = &[&EN];

impl Messages {
    /// The catalogue for a locale tag (`en`, `en-GB`, …), falling back to English.
    pub fn for_locale(tag: &str) -> &'static Messages {
        let language = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        CATALOGUES.iter().copied().find(|messages| messages.lang == language).unwrap_or(&EN)
    }
}

/// Context key holding the active catalogue.
#[derive(Clone, Copy)]
pub struct ActiveMessages(pub &'static Messages);

/// Makes `messages` the catalogue that [`use_messages`] returns below this component.
pub fn provide_messages(messages: &'static Messages) {
    provide_context(ActiveMessages(messages));
}

/// The active catalogue (English when none was provided).
pub fn use_messages() -> &'static Messages {
    use_context::<ActiveMessages>().map_or(&EN, |active| active.0)
}
