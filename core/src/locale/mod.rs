//! The shopper's language: which catalogue a page speaks ([`negotiate`]), its plural rules
//! ([`plural`]), how catalogue text is read and filled in ([`catalogue`]), and the content-hashed name of
//! the file each non-English catalogue is served as ([`file_name`]).

pub mod catalogue;
mod file_name;
mod negotiate;
pub mod plural;

pub use file_name::{content_hash, file_name};
pub use negotiate::{ATTRIBUTES, LocaleSources, negotiate};
pub use plural::PluralCategory;

/// A language the app has a catalogue for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    De,
    Fr,
    Es,
    Nl,
    Pl,
    Ar,
    He,
}

/// Writing direction of a language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    /// The value of the `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Longest tag looked at; BCP 47 tags in practice are far shorter, anything longer is not a tag.
const MAX_TAG_LEN: usize = 35;

impl Locale {
    /// Every language with a catalogue, English first.
    pub const ALL: [Locale; 8] =
        [Locale::En, Locale::De, Locale::Fr, Locale::Es, Locale::Nl, Locale::Pl, Locale::Ar, Locale::He];

    /// The BCP 47 language tag, for `lang` and for the catalogue's file name.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Fr => "fr",
            Locale::Es => "es",
            Locale::Nl => "nl",
            Locale::Pl => "pl",
            Locale::Ar => "ar",
            Locale::He => "he",
        }
    }

    /// Right to left for Arabic and Hebrew.
    pub fn direction(self) -> Direction {
        match self {
            Locale::Ar | Locale::He => Direction::Rtl,
            _ => Direction::Ltr,
        }
    }

    /// The language of a BCP 47 tag when there is a catalogue for it: the primary subtag decides, so a
    /// region or script falls back to the language (`de-AT` → German). `iw`, Hebrew's withdrawn code that
    /// some systems still send, is Hebrew. Anything that is not a well-formed tag is `None`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        let well_formed = !tag.is_empty()
            && tag.len() <= MAX_TAG_LEN
            && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed {
            return None;
        }
        let language = tag.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match language.as_str() {
            "iw" => Some(Locale::He),
            language => Locale::ALL.into_iter().find(|locale| locale.tag() == language),
        }
    }
}

#[cfg(test)]
mod tests;
