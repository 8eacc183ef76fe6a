use std::cell::RefCell;
use std::collections::BTreeMap;

use futures::executor::block_on;
use sha1::{Digest, Sha1};

use super::*;

/// A range service over a fixed map of answers by prefix, recording every URL asked.
#[derive(Default)]
struct FakeService {
    answers: BTreeMap<String, Result<String, Unreachable>>,
    no_digest: bool,
    asked: RefCell<Vec<String>>,
}

impl RangeService for FakeService {
    async fn sha1(&self, bytes: &[u8]) -> Option<[u8; 20]> {
        (!self.no_digest).then(|| Sha1::digest(bytes).into())
    }

    async fn range(&self, url: &str) -> Result<String, Unreachable> {
        self.asked.borrow_mut().push(url.to_owned());
        let prefix = url.rsplit('/').next().unwrap_or_default();
        self.answers.get(prefix).cloned().unwrap_or(Ok(String::new()))
    }
}

fn parts(password: &str) -> HashParts {
    HashParts::from_digest(&Sha1::digest(password.as_bytes()).into())
}

fn check(service: &FakeService, password: &str) -> BreachOutcome {
    let check = BreachCheck::new(DEFAULT_RANGE_URL.to_owned());
    block_on(check.check(service, &Secret::new(password.to_owned())))
}

#[test]
fn the_hash_splits_into_a_five_character_prefix_and_a_secret_suffix() {
    let parts = parts("P@ssw0rd");
    assert_eq!(parts.prefix(), "21BD1");
    assert_eq!(parts.suffix().expose(), "2DC183F740EE76F27B78EB39C8AD972A757");
    let shown = format!("{parts:?}");
    assert!(shown.contains("21BD1") && !shown.contains("2DC183F7"), "{shown}");
}

#[test]
fn range_answers_parse_with_crlf_lower_case_and_padding() {
    let body = "2dc183f740ee76f27b78eb39c8ad972a757:52579\r\n\
                0018A45C4D1DEF81644B54AB7F969B88D65:0\r\n\
                00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2\n\n";
    let answer = RangeAnswer::parse(body);
    let answer = answer.as_ref().ok();
    assert_eq!(answer.and_then(|a| a.count("2DC183F740EE76F27B78EB39C8AD972A757")), Some(52_579));
    assert_eq!(answer.and_then(|a| a.count("00D4F6E8FA6EECAD2A3AA415EEC418D38EC")), Some(2));
    assert_eq!(
        answer.and_then(|a| a.count("0018A45C4D1DEF81644B54AB7F969B88D65")),
        None,
        "count 0 is padding"
    );
    assert_eq!(answer.and_then(|a| a.count("2dc183f740ee76f27b78eb39c8ad972a757")), Some(52_579), "any case");
    assert_eq!(RangeAnswer::parse(""), Ok(RangeAnswer::default()), "a prefix nobody used");
}

#[test]
fn anything_else_is_malformed() {
    for body in [
        "<!doctype html><title>Welcome</title>",
        "2DC183F740EE76F27B78EB39C8AD972A757",
        "2DC183F740EE76F27B78EB39C8AD972A75:1",
        "2DC183F740EE76F27B78EB39C8AD972A757:many",
        "2DC183F740EE76F27B78EB39C8AD972A757:-1",
        "ZZC183F740EE76F27B78EB39C8AD972A757:1",
        "{\"errors\": []}",
    ] {
        assert_eq!(RangeAnswer::parse(body), Err(Unreachable::Malformed), "{body}");
    }
}

#[test]
fn a_password_in_the_answer_is_breached_and_one_outside_it_is_clear() {
    let breached = parts("breached passphrase 2019");
    let line = format!("{}:42\r\nFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0\r\n", breached.suffix().expose());
    let service = FakeService {
        answers: BTreeMap::from([(breached.prefix().to_owned(), Ok(line))]),
        ..FakeService::default()
    };
    assert_eq!(check(&service, "breached passphrase 2019"), BreachOutcome::Breached { count: 42 });
    assert_eq!(check(&service, "a brand new passphrase for ada"), BreachOutcome::Clear);
}

#[test]
fn only_the_prefix_leaves_and_once_per_prefix() {
    let service = FakeService::default();
    let check = BreachCheck::new("http://127.0.0.1:4511/range/".to_owned());
    let password = Secret::new("a brand new passphrase for ada".to_owned());
    for _ in 0..3 {
        assert_eq!(block_on(check.check(&service, &password)), BreachOutcome::Clear);
    }
    let prefix = parts(password.expose()).prefix().to_owned();
    assert_eq!(*service.asked.borrow(), [format!("http://127.0.0.1:4511/range/{prefix}")]);
}

#[test]
fn failures_are_unchecked_with_their_cause_and_never_cached() {
    let password = "a brand new passphrase for ada";
    let prefix = parts(password).prefix().to_owned();
    for why in [Unreachable::Blocked, Unreachable::Network, Unreachable::Timeout, Unreachable::Status(503)] {
        let service =
            FakeService { answers: BTreeMap::from([(prefix.clone(), Err(why))]), ..FakeService::default() };
        let check = BreachCheck::new(DEFAULT_RANGE_URL.to_owned());
        let secret = Secret::new(password.to_owned());
        assert_eq!(block_on(check.check(&service, &secret)), BreachOutcome::Unchecked(why));
        assert_eq!(block_on(check.check(&service, &secret)), BreachOutcome::Unchecked(why));
        assert_eq!(service.asked.borrow().len(), 2, "a failure is asked again next time");
    }
    let html = FakeService {
        answers: BTreeMap::from([(prefix, Ok("<!doctype html>".to_owned()))]),
        ..FakeService::default()
    };
    assert_eq!(check(&html, password), BreachOutcome::Unchecked(Unreachable::Malformed));
    let no_crypto = FakeService { no_digest: true, ..FakeService::default() };
    assert_eq!(check(&no_crypto, password), BreachOutcome::Unchecked(Unreachable::NoDigest));
    assert!(no_crypto.asked.borrow().is_empty(), "nothing is sent without a hash");
}
