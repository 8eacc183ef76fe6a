//! How an area's struct is read from a catalogue: [`area!`] declares the struct and its keys; each field
//! is a [`Text`] or a [`Plural`], read through [`Entry`].

use ep_reset_core::locale::catalogue::{entries, fill};
use ep_reset_core::locale::{Locale, PluralCategory};

/// One string of the catalogue.
pub type Text = &'static str;

/// A counted string: one template per plural category of the language, `{n}` the count.
#[derive(Clone, Copy)]
pub struct Plural {
    locale: Locale,
    /// Indexed by [`PluralCategory`] as declared (zero, one, two, few, many, other).
    forms: [Text; 6],
}

impl Plural {
    /// The sentence for `n`, with `n` written as the language writes numbers.
    pub fn format(&self, n: u64) -> String {
        self.format_with(n, &[])
    }

    /// The sentence for `n`, with further counts (`{length}`) that do not choose the form.
    pub fn format_with(&self, n: u64, more: &[(&str, u64)]) -> String {
        let template = self.forms[self.locale.plural(n) as usize];
        let numbers: Vec<(&str, String)> = std::iter::once(("n", n))
            .chain(more.iter().copied())
            .map(|(name, value)| (name, number(self.locale, value)))
            .collect();
        let args: Vec<(&str, &str)> = numbers.iter().map(|(name, value)| (*name, value.as_str())).collect();
        fill(template, &args)
    }
}

/// `n` in the language's digits and grouping (the browser's `Intl`; plain digits off the browser).
fn number(locale: Locale, n: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        // Counts here are far below 2^53, so the f64 is exact.
        String::from(js_sys::Number::from(n as f64).to_locale_string(locale.tag()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        n.to_string()
    }
}

/// A parsed catalogue, with English behind it for any string it lacks (the catalogue tests make sure
/// none does; a gap must not blank the page).
pub struct Source {
    pub locale: Locale,
    own: Vec<(Text, Text)>,
    english: Vec<(Text, Text)>,
}

impl Source {
    /// `text` as the catalogue of `locale`, `english` as the fallback.
    pub fn new(locale: Locale, text: &'static str, english: &'static str) -> Self {
        Self { locale, own: entries(text).collect(), english: entries(english).collect() }
    }

    fn own(&self, key: &str) -> Option<Text> {
        self.own.iter().find(|(k, _)| *k == key).map(|(_, value)| *value)
    }

    fn english(&self, key: &str) -> Option<Text> {
        self.english.iter().find(|(k, _)| *k == key).map(|(_, value)| *value)
    }
}

/// A field type an area can hold.
pub trait Entry: Sized {
    /// The value under `key` (the key itself when even English lacks it, so the gap shows).
    fn read(source: &Source, key: &'static str) -> Self;
}

impl Entry for Text {
    // Not inlined: each area calls it once per field.
    #[inline(never)]
    fn read(source: &Source, key: &'static str) -> Self {
        source.own(key).or_else(|| source.english(key)).unwrap_or(key)
    }
}

impl Entry for Plural {
    #[inline(never)]
    fn read(source: &Source, key: &'static str) -> Self {
        let form = |category: PluralCategory| format!("{key}.{}", category.as_str());
        let other = form(PluralCategory::Other);
        match source.own(&other) {
            Some(own_other) => {
                let mut forms = [own_other; 6];
                for &category in source.locale.plural_categories() {
                    forms[category as usize] = source.own(&form(category)).unwrap_or(own_other);
                }
                Plural { locale: source.locale, forms }
            }
            // Without its own forms the text is English, counted by English rules.
            None => {
                let other = source.english(&other).unwrap_or(key);
                let mut forms = [other; 6];
                forms[PluralCategory::One as usize] =
                    source.english(&form(PluralCategory::One)).unwrap_or(other);
                Plural { locale: Locale::En, forms }
            }
        }
    }
}

/// Declares an area of the catalogue: a struct with one public field per key (`<prefix>.<field>`),
/// its `KEYS`, and `read`, which fills it from a [`Source`].
macro_rules! area {
    ($(#[$meta:meta])* pub struct $name:ident in $prefix:literal {
        $($(#[$field_meta:meta])* $field:ident: $ty:ty,)*
    }) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$field_meta])* pub $field: $ty,)*
        }

        impl $name {
            /// Every key of this area, without plural suffixes.
            pub const KEYS: &[&str] = &[$(concat!($prefix, ".", stringify!($field)),)*];

            pub(super) fn read(source: &$crate::messages::area::Source) -> Self {
                use $crate::messages::area::Entry;
                Self { $($field: <$ty>::read(source, concat!($prefix, ".", stringify!($field))),)* }
            }
        }
    };
}

pub(crate) use area;
