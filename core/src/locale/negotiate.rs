//! Which language a page speaks, from what the page and the browser say.

use super::Locale;
use crate::config::attr;

/// The mount element's attributes that name the language, first found wins: `locale` (the custom
/// element's spelling) and `data-locale`.
pub const ATTRIBUTES: [&str; 2] = [attr::LOCALE, "data-locale"];

/// What the page and the browser say about the language, each as given (nothing here is trusted).
#[derive(Clone, Debug, Default)]
pub struct LocaleSources {
    /// The reset link's `locale` parameter (the e-mail's language), on the change-password page.
    pub link: Option<String>,
    /// The mount element's `locale` (or `data-locale`) attribute.
    pub attribute: Option<String>,
    /// The host page's `<html lang>`.
    pub html_lang: Option<String>,
    /// `navigator.languages`, the shopper's preference order.
    pub navigator: Vec<String>,
}

/// The catalogue to use.
///
/// The store's own statements come first and each decides once it is set: the mount element's attribute,
/// else the host page's `<html lang>`; a value with no catalogue (`pt-BR`) means English rather than a
/// guess. Only when the store says nothing does the browser's list decide: its first language with a
/// catalogue, else English. Before all of them, a reset link's `locale` opens the change page in the
/// language its e-mail was written in; it is only taken when it names a catalogue, so a hostile or
/// unknown value changes nothing.
pub fn negotiate(sources: &LocaleSources) -> Locale {
    if let Some(locale) = set_value(&sources.link).and_then(Locale::from_tag) {
        return locale;
    }
    if let Some(tag) = set_value(&sources.attribute).or_else(|| set_value(&sources.html_lang)) {
        return Locale::from_tag(tag).unwrap_or(Locale::En);
    }
    sources.navigator.iter().find_map(|tag| Locale::from_tag(tag)).unwrap_or(Locale::En)
}

/// The value when it says something (not absent, not blank).
fn set_value(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|value| !value.is_empty())
}
