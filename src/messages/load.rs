//! Fetching a non-English catalogue: `locales/<tag>-<hash>.txt` beside the element's other files, named by the
//! hash of its content (computed here at compile time from the same bytes the build copies into
//! `dist/`), so it can be cached for a year.

use std::pin::pin;
use std::time::Duration;

use ep_reset_core::locale::{Locale, content_hash, file_name};
use futures::future::{Either, select};

use super::Messages;
use crate::asset::Assets;
use crate::time::sleep;

/// Longest the page waits for its catalogue before it speaks English instead.
const LOAD_WAIT: Duration = Duration::from_secs(10);

thread_local! {
    /// The catalogues fetched so far on this page.
    static LOADED: std::cell::RefCell<Vec<(Locale, &'static Messages)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The content hash of each catalogue served as a file (every language but English).
const SERVED: [(Locale, u64); 7] = [
    (Locale::De, content_hash(include_bytes!("catalogues/de.txt"))),
    (Locale::Fr, content_hash(include_bytes!("catalogues/fr.txt"))),
    (Locale::Es, content_hash(include_bytes!("catalogues/es.txt"))),
    (Locale::Nl, content_hash(include_bytes!("catalogues/nl.txt"))),
    (Locale::Pl, content_hash(include_bytes!("catalogues/pl.txt"))),
    (Locale::Ar, content_hash(include_bytes!("catalogues/ar.txt"))),
    (Locale::He, content_hash(include_bytes!("catalogues/he.txt"))),
];

/// The file `locale`'s catalogue is served as, relative to the element's files (`None` for English).
pub fn served_file(locale: Locale) -> Option<String> {
    SERVED.iter().find(|(served, _)| *served == locale).map(|(locale, hash)| file_name(*locale, *hash))
}

/// The catalogue of `locale`: English at once, any other fetched where `assets` serves it, once per page
/// (an element added again reuses it). A file that cannot be had in time leaves the page in English (with
/// a console line), never blank.
pub async fn load(locale: Locale, assets: &Assets) -> &'static Messages {
    let Some(file) = served_file(locale) else { return Messages::english() };
    if let Some(messages) =
        LOADED.with_borrow(|loaded| loaded.iter().find(|(l, _)| *l == locale).map(|(_, m)| *m))
    {
        return messages;
    }
    let fetched = match select(pin!(fetch(assets.url(&file))), pin!(sleep(LOAD_WAIT))).await {
        Either::Left((text, _)) => text,
        Either::Right(_) => None,
    };
    match fetched {
        // One catalogue per page, kept for as long as the page: leaking it gives the `'static`
        // strings every view borrows.
        Some(text) => {
            let messages: &'static Messages =
                Box::leak(Box::new(Messages::parse(locale, Box::leak(text.into_boxed_str()))));
            LOADED.with_borrow_mut(|loaded| loaded.push((locale, messages)));
            messages
        }
        None => {
            web_sys::console::warn_1(&format!("ep-password-reset: {file} could not be loaded").into());
            Messages::english()
        }
    }
}

async fn fetch(url: Option<String>) -> Option<String> {
    let file = crate::asset::fetch(&url?).await?;
    // Static hosts with a single-page fallback answer a missing file with index.html: not a catalogue.
    let is_html = file.content_type.is_some_and(|t| t.contains("html"));
    (file.status == 200 && !is_html).then_some(file.text)
}
