//! CLDR plural categories of whole numbers, per language (the app only counts whole seconds, minutes
//! and characters, so the rules below are CLDR's with `v = 0`, `i = n`).

use super::Locale;

/// A CLDR plural category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PluralCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralCategory {
    /// CLDR's name, used as the key suffix in catalogues (`redirect_in.few`).
    pub fn as_str(self) -> &'static str {
        match self {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }
}

use PluralCategory::{Few, Many, One, Other, Two, Zero};

impl Locale {
    /// The category of the whole number `n` (CLDR 44 rules).
    pub fn plural(self, n: u64) -> PluralCategory {
        match self {
            Locale::En | Locale::De | Locale::Nl => {
                if n == 1 {
                    One
                } else {
                    Other
                }
            }
            // one: i = 0,1; many: i != 0 and i % 1000000 = 0.
            Locale::Fr => match n {
                0 | 1 => One,
                n if n % 1_000_000 == 0 => Many,
                _ => Other,
            },
            // one: n = 1; many: i != 0 and i % 1000000 = 0.
            Locale::Es => match n {
                1 => One,
                n if n != 0 && n % 1_000_000 == 0 => Many,
                _ => Other,
            },
            // one: i = 1; few: i % 10 = 2..4 and i % 100 != 12..14; many: every other whole number.
            Locale::Pl => match (n % 10, n % 100) {
                _ if n == 1 => One,
                (2..=4, rem100) if !(12..=14).contains(&rem100) => Few,
                _ => Many,
            },
            // zero: n = 0; one: n = 1; two: n = 2; few: n % 100 = 3..10; many: n % 100 = 11..99.
            Locale::Ar => match (n, n % 100) {
                (0, _) => Zero,
                (1, _) => One,
                (2, _) => Two,
                (_, 3..=10) => Few,
                (_, 11..=99) => Many,
                _ => Other,
            },
            // one: i = 1; two: i = 2 (CLDR 42 folded Hebrew's "many" into "other").
            Locale::He => match n {
                1 => One,
                2 => Two,
                _ => Other,
            },
        }
    }

    /// The categories a catalogue of this language writes for each counted text: those whole numbers
    /// reach, plus `other`, which CLDR requires of every language (for Polish it covers fractions only).
    pub fn plural_categories(self) -> &'static [PluralCategory] {
        match self {
            Locale::En | Locale::De | Locale::Nl => &[One, Other],
            Locale::Fr | Locale::Es => &[One, Many, Other],
            Locale::Pl => &[One, Few, Many, Other],
            Locale::Ar => &[Zero, One, Two, Few, Many, Other],
            Locale::He => &[One, Two, Other],
        }
    }
}
