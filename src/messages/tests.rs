//! The catalogues against English: every string there, non-empty, with English's placeholders, and
//! each counted text with exactly its language's plural forms.

use std::collections::BTreeMap;

use ep_reset_core::locale::catalogue::{entries, placeholders};
use ep_reset_core::locale::{Locale, PluralCategory};

use super::{ChangeText, CommonText, ConfigText, ENGLISH, ForgotText, served_file};

fn catalogue(locale: Locale) -> &'static str {
    match locale {
        Locale::En => ENGLISH,
        Locale::De => include_str!("catalogues/de.txt"),
        Locale::Fr => include_str!("catalogues/fr.txt"),
        Locale::Es => include_str!("catalogues/es.txt"),
        Locale::Nl => include_str!("catalogues/nl.txt"),
        Locale::Pl => include_str!("catalogues/pl.txt"),
        Locale::Ar => include_str!("catalogues/ar.txt"),
        Locale::He => include_str!("catalogues/he.txt"),
    }
}

fn keys() -> impl Iterator<Item = &'static str> {
    [CommonText::KEYS, ForgotText::KEYS, ChangeText::KEYS, ConfigText::KEYS].into_iter().flatten().copied()
}

fn map(locale: Locale) -> BTreeMap<&'static str, &'static str> {
    let mut map = BTreeMap::new();
    for (key, value) in entries(catalogue(locale)) {
        assert!(map.insert(key, value).is_none(), "{locale:?}: {key} twice");
    }
    map
}

fn is_counted(key: &str) -> bool {
    map(Locale::En).contains_key(format!("{key}.other").as_str())
}

/// The keys `locale`'s file must have: each text's key, each counted text's key per plural category.
fn expected_keys(locale: Locale) -> Vec<String> {
    let mut expected: Vec<String> = keys()
        .flat_map(|key| {
            if is_counted(key) {
                locale.plural_categories().iter().map(|c| format!("{key}.{}", c.as_str())).collect()
            } else {
                vec![key.to_owned()]
            }
        })
        .collect();
    expected.sort();
    expected
}

#[test]
fn every_catalogue_has_every_string_and_no_other() {
    for locale in Locale::ALL {
        let got: Vec<String> = map(locale).keys().map(|key| (*key).to_owned()).collect();
        assert_eq!(got, expected_keys(locale), "{locale:?}");
    }
}

#[test]
fn no_string_is_empty() {
    for locale in Locale::ALL {
        for (key, value) in map(locale) {
            assert!(!value.is_empty(), "{locale:?}: {key} is empty");
        }
    }
}

#[test]
fn placeholders_match_english() {
    let english = map(Locale::En);
    for locale in Locale::ALL {
        for (key, value) in map(locale) {
            let (base, category) = match key.rsplit_once('.') {
                Some((base, category)) if is_counted(base) => (base, Some(category)),
                _ => (key, None),
            };
            let english_key = category.map_or(key.to_owned(), |_| format!("{base}.other"));
            let want = placeholders(english[english_key.as_str()]);
            let got = placeholders(value);
            // A form for exactly zero, one or two may spell the number out ("two seconds" is one word
            // in Arabic and Hebrew); every other form shows it.
            let may_spell_out = matches!(category, Some("zero" | "one" | "two"));
            if may_spell_out {
                assert!(
                    got.iter().all(|name| want.contains(name)),
                    "{locale:?}: {key} has {got:?}, English {want:?}"
                );
            } else {
                assert_eq!(got, want, "{locale:?}: {key}");
            }
        }
    }
}

#[test]
fn each_catalogue_states_its_form_of_address() {
    for locale in Locale::ALL {
        let head: Vec<&str> = catalogue(locale).lines().take_while(|line| line.starts_with('#')).collect();
        assert!(head.iter().any(|line| line.contains("Address:")), "{locale:?} says nothing about address");
    }
}

#[test]
fn every_language_but_english_is_served_as_a_file() {
    assert_eq!(served_file(Locale::En), None);
    for locale in Locale::ALL.into_iter().skip(1) {
        let file = served_file(locale).unwrap_or_default();
        assert!(file.starts_with(&format!("locales/{}-", locale.tag())), "{locale:?}: {file}");
    }
}

#[test]
fn a_catalogue_reads_into_its_language() {
    let german = super::Messages::parse(Locale::De, catalogue(Locale::De));
    assert_eq!((german.lang, german.dir), ("de", "ltr"));
    let arabic = super::Messages::parse(Locale::Ar, catalogue(Locale::Ar));
    assert_eq!(arabic.dir, "rtl");
    assert_eq!(PluralCategory::Other.as_str(), "other");
}
