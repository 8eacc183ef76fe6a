//! Property tests: the parsers that read what the outside world hands the page (the reset link in the
//! address bar, the mount element's attributes) never panic on any input, and what they accept keeps
//! their promises.
#![cfg(not(target_arch = "wasm32"))]

use ep_reset_core::breach::RangeAnswer;
use ep_reset_core::config::{Config, attr};
use ep_reset_core::reset_link::{
    LinkIds, OTP_MAX_LEN, OTP_MIN_LEN, ResetLink, clean_address, has_sensitive_params, parse_one_time_code,
    username_hint,
};
use ep_reset_core::route::Page;
use ep_reset_core::unicode::Unicode;
use ep_reset_core::username::{MAX_LEN, UsernameFormat, normalise};
use proptest::prelude::*;

/// Text shaped like a query or fragment: parameter names the parser knows (some percent-encoded),
/// separators, percent signs with and without hex digits, and any other character.
fn link_part() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("username=".to_owned()),
        Just("token=".to_owned()),
        Just("%74oken=".to_owned()),
        Just("password_profile_id=".to_owned()),
        Just("authentication_realm_id=".to_owned()),
        Just("user_authentication_password_profile_info_id=".to_owned()),
        Just("&".to_owned()),
        Just("=".to_owned()),
        Just("+".to_owned()),
        Just("#".to_owned()),
        Just("?".to_owned()),
        "%[0-9A-Fa-fG-Zg-z]{0,2}",
        "[a-zA-Z0-9@._-]{1,12}",
        any::<char>().prop_map(String::from),
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// `raw` with a leading `?` or `#` half of the time, as `location.search` and `location.hash` have.
fn with_mark(raw: String, mark: char, marked: bool) -> String {
    if marked { format!("{mark}{raw}") } else { raw }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    #[test]
    fn the_link_parser_never_panics_and_what_it_accepts_is_usable(
        query in link_part(),
        fragment in link_part(),
        marked in any::<(bool, bool)>(),
    ) {
        let query = with_mark(query, '?', marked.0);
        let fragment = with_mark(fragment, '#', marked.1);
        let _ = LinkIds::parse(&query, &fragment);
        if let Some(hint) = username_hint(&query, &fragment) {
            prop_assert!(!hint.chars().any(char::is_control), "{hint:?}");
        }
        if let Ok(link) = ResetLink::parse(&query, &fragment) {
            prop_assert!(!link.username.trim().is_empty());
            prop_assert!(link.username.chars().count() <= MAX_LEN);
            prop_assert!(!link.username.chars().any(|c| c.is_control() || c == '\u{fffd}'), "{:?}", link.username);
            let code = link.token.expose();
            prop_assert!((OTP_MIN_LEN..=OTP_MAX_LEN).contains(&code.len()), "{code:?}");
            prop_assert!(code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            // A link the page can use always makes it clean the address bar.
            prop_assert!(has_sensitive_params(&query, &fragment));
        }
    }

    #[test]
    fn the_cleaned_address_carries_neither_code_nor_username_and_stays_on_this_origin(
        path in "/[a-z/_.%]{0,20}|//change_password|/shop//change_password",
        query in link_part(),
        fragment in link_part(),
    ) {
        // `location.search` never holds a `#`: everything after the first one is the fragment.
        let query = query.replace('#', "%23");
        let clean = clean_address(&path, &query, &fragment);
        prop_assert!(clean.starts_with('/') && !clean.starts_with("//"), "{clean:?}");
        let (rest, after_hash) = clean.split_once('#').map_or((clean.as_str(), ""), |(a, b)| (a, b));
        let after_query = rest.split_once('?').map_or("", |(_, q)| q);
        // As `location.search` and `location.hash` would then read (with their marks).
        let (search, hash) = (format!("?{after_query}"), format!("#{after_hash}"));
        prop_assert!(!has_sensitive_params(&search, &hash), "{clean:?}");
        // The path stays as it was (a browser reads `/.//x` as `//x`), so the page the address names is
        // the same before and after cleaning, whenever the page reads it.
        let cleaned_path = rest.split_once('?').map_or(rest, |(path, _)| path);
        let read_path = if path.starts_with("//") { cleaned_path.strip_prefix("/.") } else { Some(cleaned_path) };
        prop_assert_eq!(read_path, Some(path.as_str()));
        for base in ["", "/shop"] {
            prop_assert_eq!(read_path.and_then(|read| Page::at(read, base)), Page::at(&path, base));
        }
    }

    #[test]
    fn a_typed_code_is_checked_without_panicking(text in "\\PC{0,80}|[a-zA-Z0-9 _-]{0,80}") {
        if let Ok(code) = parse_one_time_code(&text) {
            prop_assert_eq!(code.expose().as_str(), text.trim());
        }
    }

    #[test]
    fn a_normalised_username_has_no_control_characters_and_is_bounded(
        text in "\\PC{0,40}|[\\x00-\\x1f\\x7f a-z@.]{0,40}",
        email in any::<bool>(),
    ) {
        let format = if email { UsernameFormat::Email } else { UsernameFormat::Any };
        if let Ok(username) = normalise(&text, format, Unicode::STD) {
            let username = username.as_str();
            prop_assert!(!username.is_empty());
            prop_assert!(username.chars().count() <= MAX_LEN);
            prop_assert!(!username.chars().any(char::is_control), "{username:?}");
            prop_assert_eq!(username.trim(), username);
        }
    }

    #[test]
    fn the_config_parser_never_panics_and_what_it_accepts_is_in_range(
        values in prop::collection::vec(prop::option::of("\\PC{0,40}|https?://[a-z0-9.:\\[\\]/-]{0,30}|[0-9-]{0,6}|/[a-z/._%-]{0,20}"), 11),
    ) {
        let names = [
            attr::API_BASE,
            attr::CLIENT_ID,
            attr::REALM_ID,
            attr::PASSWORD_PROFILE_ID,
            attr::USERNAME_FORMAT,
            attr::BASE_PATH,
            attr::SIGN_IN_URL,
            attr::RETURN_TO,
            attr::LOCALE,
            attr::MIN_PASSWORD_LENGTH,
            attr::RESEND_COOLDOWN_SECS,
        ];
        let get = |name: &str| names.iter().position(|n| *n == name).and_then(|i| values[i].clone());
        match Config::from_attributes(get) {
            Ok(config) => {
                prop_assert!(config.api_base.starts_with("https://") || config.api_base.starts_with("http://"));
                prop_assert!(!config.api_base.ends_with('/'));
                prop_assert!(!config.client_id.is_empty());
                prop_assert!((8..=64).contains(&config.min_password_length));
                prop_assert!(config.resend_cooldown_secs <= 3600);
                prop_assert!(config.base_path.is_empty() || (config.base_path.starts_with('/') && !config.base_path.ends_with('/')));
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }
}

proptest! {
    /// A range answer from a breach-check service (any text, or lines shaped like one): parsed without
    /// panicking, and whatever it accepts counts only the suffixes it was given, never padding.
    #[test]
    fn a_range_answer_is_parsed_without_panicking(
        lines in prop::collection::vec(("[0-9A-Fa-f]{33,37}", "[0-9]{0,3}|-1|x|\\PC{0,4}", "\r?\n"), 0..12),
        noise in "\\PC{0,40}",
    ) {
        let body: String = lines.iter().map(|(suffix, count, end)| format!("{suffix}:{count}{end}")).collect();
        for text in [body.as_str(), noise.as_str()] {
            if let Ok(answer) = RangeAnswer::parse(text) {
                for (suffix, count, _) in &lines {
                    let seen = answer.count(&suffix.to_ascii_uppercase());
                    prop_assert!(seen.is_none() || count.parse::<u64>().is_ok_and(|n| n > 0 && seen == Some(n)));
                }
            }
        }
    }
}
