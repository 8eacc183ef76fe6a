use super::catalogue::{entries, fill, placeholders, split_at};
use super::*;
use PluralCategory::{Few, Many, One, Other, Two, Zero};

fn sources(link: Option<&str>, attribute: Option<&str>, html: Option<&str>, nav: &[&str]) -> LocaleSources {
    LocaleSources {
        link: link.map(str::to_owned),
        attribute: attribute.map(str::to_owned),
        html_lang: html.map(str::to_owned),
        navigator: nav.iter().map(|tag| (*tag).to_owned()).collect(),
    }
}

#[test]
fn regions_and_scripts_fall_back_to_the_language() {
    assert_eq!(Locale::from_tag("de-AT"), Some(Locale::De));
    assert_eq!(Locale::from_tag("FR_ca"), Some(Locale::Fr));
    assert_eq!(Locale::from_tag("ar-EG"), Some(Locale::Ar));
    assert_eq!(Locale::from_tag("iw-IL"), Some(Locale::He));
    assert_eq!(Locale::from_tag("sr-Latn-RS"), None);
    assert_eq!(Locale::from_tag("pt-BR"), None);
}

#[test]
fn what_is_not_a_tag_is_no_language() {
    for hostile in ["", "   ", "de<script>", "de\u{202e}", "d e", &"de-".repeat(20), "../de", "de%2F"] {
        assert_eq!(Locale::from_tag(hostile), None, "{hostile:?}");
    }
}

#[test]
fn each_locale_has_its_tag_and_direction() {
    for locale in Locale::ALL {
        assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
    }
    let rtl: Vec<Locale> = Locale::ALL.into_iter().filter(|l| l.direction() == Direction::Rtl).collect();
    assert_eq!(rtl, [Locale::Ar, Locale::He]);
    assert_eq!(Direction::Rtl.as_str(), "rtl");
}

#[test]
fn negotiation_order_link_attribute_html_lang_navigator_english() {
    let nav = ["nl-BE", "fr"];
    assert_eq!(negotiate(&sources(Some("ar"), Some("de"), Some("fr"), &nav)), Locale::Ar);
    assert_eq!(negotiate(&sources(None, Some("de"), Some("fr"), &nav)), Locale::De);
    assert_eq!(negotiate(&sources(None, None, Some("he-IL"), &nav)), Locale::He);
    assert_eq!(negotiate(&sources(None, None, None, &nav)), Locale::Nl);
    assert_eq!(negotiate(&sources(None, None, None, &[])), Locale::En);
}

#[test]
fn a_store_statement_without_a_catalogue_means_english() {
    let nav = ["de"];
    assert_eq!(negotiate(&sources(None, Some("pt-BR"), Some("de"), &nav)), Locale::En);
    assert_eq!(negotiate(&sources(None, None, Some("pt-BR"), &nav)), Locale::En);
    // An empty attribute says nothing.
    assert_eq!(negotiate(&sources(None, Some("  "), None, &nav)), Locale::De);
}

#[test]
fn the_browser_list_takes_its_first_language_with_a_catalogue() {
    assert_eq!(negotiate(&sources(None, None, None, &["pt-BR", "ja", "pl-PL", "de"])), Locale::Pl);
    assert_eq!(negotiate(&sources(None, None, None, &["pt-BR", "ja"])), Locale::En);
}

#[test]
fn an_unknown_or_hostile_link_locale_changes_nothing() {
    for link in ["pt", "<img src=x>", "", "de\u{0}", "ar/../../etc"] {
        assert_eq!(negotiate(&sources(Some(link), Some("fr"), None, &[])), Locale::Fr, "{link:?}");
    }
}

/// CLDR's examples for 0, 1, 2, 3, 5, 11, 21 and 100, per language.
#[test]
fn plural_categories_match_cldr_examples() {
    let numbers = [0, 1, 2, 3, 5, 11, 21, 100];
    let expected: [(Locale, [PluralCategory; 8]); 8] = [
        (Locale::En, [Other, One, Other, Other, Other, Other, Other, Other]),
        (Locale::De, [Other, One, Other, Other, Other, Other, Other, Other]),
        (Locale::Nl, [Other, One, Other, Other, Other, Other, Other, Other]),
        (Locale::Fr, [One, One, Other, Other, Other, Other, Other, Other]),
        (Locale::Es, [Other, One, Other, Other, Other, Other, Other, Other]),
        (Locale::Pl, [Many, One, Few, Few, Many, Many, Many, Many]),
        (Locale::Ar, [Zero, One, Two, Few, Few, Many, Many, Other]),
        (Locale::He, [Other, One, Two, Other, Other, Other, Other, Other]),
    ];
    for (locale, categories) in expected {
        let got: Vec<PluralCategory> = numbers.iter().map(|&n| locale.plural(n)).collect();
        assert_eq!(got, categories, "{locale:?}");
    }
}

#[test]
fn plural_categories_beyond_the_first_hundred() {
    assert_eq!([22, 12, 112, 1000].map(|n| Locale::Pl.plural(n)), [Few, Many, Many, Many]);
    assert_eq!([102, 103, 111, 1000].map(|n| Locale::Ar.plural(n)), [Other, Few, Many, Other]);
    assert_eq!([1_000_000, 2_000_000].map(|n| Locale::Fr.plural(n)), [Many, Many]);
    assert_eq!([1_000_000, 1_000_001].map(|n| Locale::Es.plural(n)), [Many, Other]);
}

#[test]
fn every_category_a_number_reaches_is_one_the_catalogue_writes() {
    for locale in Locale::ALL {
        assert!(locale.plural_categories().contains(&Other));
        for n in (0..=1_000).chain([1_000_000]) {
            assert!(locale.plural_categories().contains(&locale.plural(n)), "{locale:?} {n}");
        }
    }
    assert_eq!(Locale::Ar.plural_categories().len(), 6);
    // Polish: three for whole numbers, "other" only for fractions.
    let whole: std::collections::HashSet<_> = (0..1_000).map(|n| Locale::Pl.plural(n)).collect();
    assert_eq!(whole.len(), 3);
}

#[test]
fn catalogue_lines_comments_and_trimming() {
    let text = "# address: formal\n\nforgot.heading = Passwort vergessen?\n  x.y=a = b \nno equals sign\n";
    let got: Vec<(&str, &str)> = entries(text).collect();
    assert_eq!(got, [("forgot.heading", "Passwort vergessen?"), ("x.y", "a = b")]);
}

#[test]
fn templates_fill_and_list_their_placeholders() {
    assert_eq!(fill("in {n} s, {n}!", &[("n", "42")]), "in 42 s, 42!");
    assert_eq!(fill("{a}{b} {unknown} {", &[("a", "1"), ("b", "2")]), "12 {unknown} {");
    assert_eq!(fill("{n}", &[("n", "{n}")]), "{n}");
    assert_eq!(placeholders("{username} a {n} {n} {} {x y}"), ["n", "username"]);
    assert_eq!(split_at("für {username}.", "username"), Some(("für ", ".")));
    assert_eq!(split_at("no name", "username"), None);
}

#[test]
fn file_names_change_with_the_content() {
    assert_eq!(content_hash(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(content_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_ne!(content_hash(b"de = 1"), content_hash(b"de = 2"));
    assert_eq!(file_name(Locale::De, 0xab), "locales/de-00000000000000ab.txt");
}
