//! The change-password page's every view, heading, notice, button, announcement and focus, for every
//! way a submit can end, driven through a fake API and a fake clock.

use std::sync::Arc;

use futures::executor::block_on;
use serde_json::json;

use super::*;
use crate::api::dto::AmTokenResponse;
use crate::api::jwt::tests::token_with;
use crate::api::{ApiError, ErrorSource};
use crate::breach::Unreachable;
use crate::flows::fake_api::{Call, FakeApi, body, id};
use crate::retry::RetryAfter;
use crate::session::fake_host::FakeHost;
use crate::session::link_request::LinkButton;

const ADA: &str = "ada@example.org";
const GOOD: &str = "a fresh new passphrase 42";
const FULL_LINK: &str = "?username=ada%40example.org&token=abc123&password_profile_id=prof-1\
    &authentication_realm_id=realm-1&user_authentication_password_profile_info_id=uappi-1";

struct Page {
    session: ResetSession,
    api: FakeApi,
    host: FakeHost,
    discovery: Result<Discovered, DiscoveryError>,
    common: Option<Arc<CommonPasswords>>,
}

impl Page {
    fn at(query: &str) -> Self {
        Self {
            session: ResetSession::new(
                Start::from_address(query, "", None, None),
                ConfiguredIds::default(),
                8,
                Unicode::STD,
            ),
            api: FakeApi::default(),
            host: FakeHost::default(),
            discovery: Ok(Discovered {
                realm: id("realm-disc"),
                password_profile_id: id("prof-disc"),
                username_format: None,
                min_password_length: None,
            }),
            common: None,
        }
    }

    fn link() -> Self {
        Self::at(FULL_LINK)
    }

    /// A link's page with the breach check on, against a range API knowing `breached`.
    fn checking_breaches(breached: &[&'static str]) -> Self {
        let mut page = Self::link();
        page.session = page.session.with_breach_check(Some("https://pwned.example/range/".to_owned()));
        page.host.breached.borrow_mut().extend(breached);
        page
    }

    fn report(&self, input: &FormInput) -> PolicyReport {
        let common = self.common.as_deref().map_or(CommonCheck::Loading, CommonCheck::Full);
        self.session.evaluate(&PasswordPolicy::default(), input, common)
    }

    fn start(&mut self, input: &FormInput) -> Submit {
        self.session.start_submit(input, &self.report(input), UsernameFormat::Email, self.host.now_ms())
    }

    /// Submits `input`; true when it was sent (not ignored or refused before sending).
    fn submit(&mut self, input: &FormInput) -> bool {
        let Submit::Go(submission) = self.start(input) else { return false };
        let (common, discovery) = (self.common.clone(), self.discovery.clone());
        let policy = PasswordPolicy::default();
        let sent = submission.send(&self.api, &self.host, &policy, async { common }, async { discovery });
        self.session.submitted(block_on(sent));
        true
    }

    fn view(&self) -> ChangeView {
        self.session.view(false, self.host.now_ms())
    }

    fn form(&self) -> FormView {
        match self.view() {
            ChangeView::Form(form) => form,
            other => panic!("not the form: {other:?}"),
        }
    }

    fn exchange_answers(&self, answer: Result<AmTokenResponse, ApiError>) {
        self.api.exchange.borrow_mut().push_back(answer);
    }

    fn update_answers(&self, answers: &[Result<(), ApiError>]) {
        self.api.update.borrow_mut().extend(answers.iter().copied());
    }

    fn exchanges(&self) -> usize {
        self.api.count(|call| matches!(call, Call::Exchange { .. }))
    }
}

fn accounts() -> AmTokenResponse {
    let token = token_with(&json!({ "sub": "member-1", "realm_id": "realm-1" }).to_string());
    body(json!({ "data": [{ "token": token }], "meta": { "account_member_id": "member-1" } }))
}

fn input(password: &str) -> FormInput {
    FormInput {
        password: Secret::new(password.to_owned()),
        confirmation: Secret::new(password.to_owned()),
        ..FormInput::default()
    }
}

fn typed(username: &str, code: &str, password: &str) -> FormInput {
    FormInput { username: username.to_owned(), code: code.to_owned(), ..input(password) }
}

fn notice(notice: Notice, wait_secs: u64, code_accepted: bool) -> Option<FormNotice> {
    Some(FormNotice { notice, wait_secs, code_accepted })
}

#[test]
fn a_link_opens_the_form_for_its_account_and_sends_nothing() {
    let page = Page::link();
    assert_eq!(
        page.form(),
        FormView {
            start: FormStart::Link { username: ADA.into() },
            exchanged: false,
            notice: None,
            button: SubmitButton::Submit
        }
    );
    assert_eq!(page.view().screen(), Screen::Form);
    assert_eq!(page.session.announcement(), None);
    assert!(page.api.calls().is_empty());
}

#[test]
fn without_a_link_or_with_a_broken_one_the_code_is_typed() {
    let none = Page::at("");
    assert_eq!(none.form().start, FormStart::Typed { broken: false });
    assert_eq!(none.session.typed_username(), None);
    let broken = Page::at("?username=ada%40example.org&token=%3Cscript%3E");
    assert_eq!(broken.form().start, FormStart::Typed { broken: true });
    assert_eq!(broken.session.typed_username().as_deref(), Some(ADA));
}

#[test]
fn errors_show_only_once_a_submit_was_tried_and_nothing_is_sent() {
    let mut page = Page::at("");
    let empty = FormInput::default();
    let report = page.report(&empty);
    assert_eq!(page.session.field_errors(&empty, &report, UsernameFormat::Email), FieldErrors::default());
    let bad = FormInput { confirmation: Secret::new("other".into()), ..typed("not an address", "", "short") };
    assert!(matches!(page.start(&bad), Submit::FixInput));
    let errors = page.session.field_errors(&bad, &page.report(&bad), UsernameFormat::Email);
    assert_eq!(
        errors,
        FieldErrors {
            username: Some(UsernameError::NotAnEmail),
            code: Some(InvalidReason::Missing),
            password: Some(Requirement::MinLength),
            confirmation: true,
        }
    );
    let fixed = typed(ADA, "abc123", GOOD);
    assert_eq!(
        page.session.field_errors(&fixed, &page.report(&fixed), UsernameFormat::Email),
        FieldErrors::default()
    );
    assert!(page.api.calls().is_empty());
    assert_eq!(page.form().button, SubmitButton::Submit);
}

#[test]
fn the_password_may_not_be_the_links_username() {
    let mut page = Page::link();
    let own = input("Ada@Example.org");
    assert!(matches!(page.start(&own), Submit::FixInput));
    let errors = page.session.field_errors(&own, &page.report(&own), UsernameFormat::Email);
    assert_eq!(errors.password, Some(Requirement::NotUsername));
}

#[test]
fn success_replaces_the_form_announces_and_focuses_the_heading() {
    let mut page = Page::link();
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Ok(())]);
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.view().screen(), Screen::Done);
    assert_eq!(page.session.announcement(), Some(ChangeAnnouncement::Done));
    assert_eq!(page.session.focus(), ChangeFocus::Heading);
    assert_eq!(page.api.calls().len(), 2, "exchange and update: the link carries every id");
}

#[test]
fn one_submit_at_a_time_and_the_button_says_so() {
    let mut page = Page::link();
    let Submit::Go(first) = page.start(&input(GOOD)) else { panic!("sent") };
    assert!(matches!(page.start(&input(GOOD)), Submit::Ignored), "a double click");
    assert_eq!(page.session.view(false, 0), page.session.view(false, 0));
    match page.session.view(false, 0) {
        ChangeView::Form(form) => assert_eq!(form.button, SubmitButton::Submitting),
        other => panic!("{other:?}"),
    }
    assert!(SubmitButton::Submitting.disabled());
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Ok(())]);
    let policy = PasswordPolicy::default();
    let sent =
        first.send(&page.api, &page.host, &policy, async { None }, async { Err(DiscoveryError::NoRealm) });
    page.session.submitted(block_on(sent));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.exchanges(), 1);
}

#[test]
fn an_expired_code_offers_a_new_link_then_typing_its_code() {
    let mut page = Page::link();
    page.exchange_answers(Err(ApiError::Client { status: 400, source: ErrorSource::Unnamed }));
    assert!(page.submit(&input(GOOD)));
    let expired = ExpiredView {
        username: ADA.into(),
        link: LinkRequestView { button: LinkButton::Ready, sentence: None },
        code_entry: false,
    };
    assert_eq!(page.view(), ChangeView::Expired(expired.clone()));
    assert_eq!(page.view().screen(), Screen::LinkExpired);
    assert_eq!(page.session.announcement(), Some(ChangeAnnouncement::Heading(Screen::LinkExpired)));
    assert_eq!(page.session.focus(), ChangeFocus::Heading);

    match page.session.view(true, page.host.now_ms()) {
        ChangeView::Expired(view) => {
            assert_eq!(view.link.button, LinkButton::Sending)
        }
        other => panic!("{other:?}"),
    }
    let requester = LinkRequester::new(60, None, Unicode::STD);
    let (running, username) = page.session.start_link_request(&requester).expect("an expired link");
    assert_eq!(username, ADA, "the new link is for the expired link's account");
    assert!(page.session.start_link_request(&requester).is_none(), "one request at a time");
    drop(running);
    let resend_at_ms = page.host.now_ms() + 60_000;
    page.session.link_answered(LinkRequestOutcome::Sent { resend_at_ms }, page.host.now_ms());
    let ChangeView::Expired(sent) = page.view() else { panic!("still expired") };
    assert_eq!(sent.link.sentence, Some(LinkSentence::Sent));
    assert!(sent.code_entry);
    assert_eq!(page.session.announcement(), Some(ChangeAnnouncement::Link(LinkSentence::Sent)));

    assert_eq!(page.session.enter_code(), ADA);
    assert_eq!(page.form().start, FormStart::Typed { broken: false });
    assert_eq!(page.form().notice, None);
    assert_eq!(page.session.focus(), ChangeFocus::FirstField);
    assert_eq!(page.session.announcement(), None);

    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Ok(())]);
    assert!(page.submit(&typed(ADA, "newcode9", GOOD)));
    assert_eq!(page.view(), ChangeView::Done);
    let codes: Vec<_> = page
        .api
        .calls()
        .into_iter()
        .filter_map(|call| match call {
            Call::Exchange { otp, profile, .. } => Some((otp, profile)),
            _ => None,
        })
        .collect();
    assert_eq!(codes, [("abc123".into(), "prof-1".into()), ("newcode9".into(), "prof-1".into())]);
}

#[test]
fn final_outcomes_say_why_and_hint_the_owner() {
    for (exchange, update, reason, hint) in [
        (Ok(body(json!({ "data": [] }))), None, FinalReason::NoAccount, OwnerHint::NoAccount),
        (
            Ok(accounts()),
            Some(Err(ApiError::Forbidden)),
            FinalReason::SelfManagementDisabled,
            OwnerHint::SelfManagementDisabled,
        ),
        (
            Ok(accounts()),
            Some(Err(ApiError::NotFound)),
            FinalReason::LinkIncomplete,
            OwnerHint::LinkIncomplete,
        ),
        (Ok(accounts()), Some(Err(ApiError::Unauthorized)), FinalReason::Failed, OwnerHint::Failed),
        (Err(ApiError::Malformed), None, FinalReason::Failed, OwnerHint::Failed),
    ] {
        let mut page = Page::link();
        page.exchange_answers(exchange);
        page.update_answers(&update.into_iter().collect::<Vec<_>>());
        assert!(page.submit(&input(GOOD)));
        assert_eq!(page.view(), ChangeView::Final(reason), "{reason:?}");
        assert_eq!(page.view().screen(), Screen::Final(reason));
        assert_eq!(page.session.announcement(), Some(ChangeAnnouncement::Heading(Screen::Final(reason))));
        assert_eq!(page.session.focus(), ChangeFocus::Heading);
        assert_eq!(*page.host.hints.borrow(), [hint], "{reason:?}");
    }
}

#[test]
fn no_realm_anywhere_is_a_configuration_problem() {
    let mut page = Page::at("?username=ada%40example.org&token=abc123&password_profile_id=prof-1");
    let no_realm = token_with(&json!({ "sub": "member-1" }).to_string());
    page.exchange_answers(Ok(body(json!({ "data": [{ "token": no_realm }] }))));
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::NotConfigured(DiscoveryError::NoRealm));
    assert_eq!(page.view().screen(), Screen::NotConfigured);
    assert_eq!(*page.host.hints.borrow(), [OwnerHint::NoRealm]);
}

#[test]
fn a_refused_password_keeps_the_token_and_asks_for_another_one() {
    let mut page = Page::link();
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Err(ApiError::Client { status: 400, source: ErrorSource::Password }), Ok(())]);
    assert!(page.submit(&input(GOOD)));
    let form = page.form();
    assert_eq!(
        form.notice,
        notice(Notice::Rejected, 0, false),
        "choosing another password needs no new link"
    );
    assert_eq!((form.exchanged, form.button), (true, SubmitButton::TryAgain));
    assert_eq!(
        page.session.announcement(),
        Some(ChangeAnnouncement::Notice(FormNotice {
            notice: Notice::Rejected,
            wait_secs: 0,
            code_accepted: false
        }))
    );
    assert_eq!(page.session.focus(), ChangeFocus::Notice);
    assert!(page.submit(&input("another fresh passphrase")));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.exchanges(), 1);
}

#[test]
fn an_update_refused_for_another_reason_is_retried_with_the_same_token() {
    let mut page = Page::link();
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Err(ApiError::Client { status: 422, source: ErrorSource::Unnamed }), Ok(())]);
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.form().notice, notice(Notice::UpdateRefused, 0, true));
    assert_eq!(*page.host.hints.borrow(), [OwnerHint::UpdateRefused]);
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.exchanges(), 1);
}

#[test]
fn a_network_failure_before_the_exchange_keeps_the_form_and_retries_it() {
    let mut page = Page::link();
    page.exchange_answers(Err(ApiError::Network));
    assert!(page.submit(&input(GOOD)));
    let form = page.form();
    assert_eq!(form.notice, notice(Notice::Network, 0, false));
    assert_eq!((form.exchanged, form.button), (false, SubmitButton::TryAgain));
    page.exchange_answers(Err(ApiError::Timeout));
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.form().notice, notice(Notice::Network, 0, false));
    assert_eq!(page.session.focus(), ChangeFocus::Notice);
    assert_eq!(page.exchanges(), 2, "nothing was exchanged, so the code is sent again");
}

#[test]
fn a_store_failure_after_the_exchange_says_the_code_was_accepted_and_never_exchanges_again() {
    let mut page = Page::link();
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Err(ApiError::Server { status: 503 }), Ok(())]);
    assert!(page.submit(&input(GOOD)));
    let form = page.form();
    assert_eq!(form.notice, notice(Notice::Server, 0, true));
    assert_eq!((form.exchanged, form.button), (true, SubmitButton::TryAgain));
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.exchanges(), 1);
}

#[test]
fn a_429_disables_the_button_for_the_wait_announced_once() {
    let mut page = Page::link();
    page.exchange_answers(Ok(accounts()));
    let limited = ApiError::RateLimited { retry_after: Some(RetryAfter::from_secs(7)) };
    page.update_answers(&[Err(limited), Ok(())]);
    assert!(page.submit(&input(GOOD)));
    let form = page.form();
    assert_eq!(form.notice, notice(Notice::RateLimited, 7, true));
    assert_eq!(form.button, SubmitButton::WaitSecs(7));
    assert!(form.button.disabled());
    let announced = page.session.announcement();
    assert_eq!(
        announced,
        Some(ChangeAnnouncement::Notice(FormNotice {
            notice: Notice::RateLimited,
            wait_secs: 7,
            code_accepted: true
        }))
    );

    page.host.advance(3_000);
    assert_eq!(page.form().button, SubmitButton::WaitSecs(4));
    assert_eq!(page.session.announcement(), announced, "the countdown is not announced");
    assert!(!page.submit(&input(GOOD)), "nothing is sent during the wait");

    page.host.advance(4_000);
    let form = page.form();
    assert_eq!((form.notice, form.button), (None, SubmitButton::TryAgain), "the notice has done its job");
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::Done);
}

#[test]
fn a_429_without_a_readable_wait_backs_off() {
    let mut page = Page::link();
    page.exchange_answers(Err(ApiError::RateLimited { retry_after: None }));
    assert!(page.submit(&input(GOOD)));
    let backoff = crate::retry::Backoff::default().delay(1, 0.5);
    assert_eq!(page.form().button, SubmitButton::WaitSecs(u64::from(backoff.secs())));
}

#[test]
fn unreadable_store_ids_keep_the_form_with_a_network_notice() {
    let mut page = Page::at("?username=ada%40example.org&token=abc123");
    page.discovery = Err(DiscoveryError::Unavailable(ApiError::Network));
    assert!(page.submit(&input(GOOD)));
    let form = page.form();
    assert_eq!(form.notice, notice(Notice::Network, 0, false));
    assert_eq!(form.button, SubmitButton::TryAgain);
    assert!(page.api.calls().is_empty());
}

#[test]
fn unusable_store_ids_are_a_configuration_problem() {
    let mut page = Page::at("?username=ada%40example.org&token=abc123");
    page.discovery = Err(DiscoveryError::AmbiguousProfiles { count: 2 });
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::NotConfigured(DiscoveryError::AmbiguousProfiles { count: 2 }));
    assert_eq!(page.session.announcement(), Some(ChangeAnnouncement::Heading(Screen::NotConfigured)));
}

#[test]
fn discovered_ids_fill_in_what_the_link_lacks() {
    let mut page = Page::at("?username=ada%40example.org&token=abc123");
    page.exchange_answers(Ok(accounts()));
    page.api.list.borrow_mut().push_back(Ok(body(json!({ "data": [
        { "id": "uappi-9", "username": ADA, "password_profile_id": "prof-disc" }
    ]}))));
    page.update_answers(&[Ok(())]);
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::Done);
    assert!(matches!(&page.api.calls()[0], Call::Exchange { profile, .. } if profile == "prof-disc"));
}

#[test]
fn a_link_for_another_realm_than_the_stores_is_incomplete_and_hinted() {
    let mut page = Page::at("?username=ada%40example.org&token=abc123&authentication_realm_id=elsewhere");
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::Final(FinalReason::LinkIncomplete));
    assert_eq!(*page.host.hints.borrow(), [OwnerHint::LinkConflictsWithConfig]);
    assert!(page.api.calls().is_empty());
}

#[test]
fn a_profile_minimum_read_after_the_form_checked_still_holds_and_nothing_is_sent() {
    let mut page = Page::link();
    page.discovery = Ok(Discovered {
        realm: id("realm-1"),
        password_profile_id: id("prof-1"),
        username_format: None,
        min_password_length: Some(30),
    });
    assert!(page.submit(&input(GOOD)), "the form checked with the configured minimum of 8");
    assert_eq!(page.session.focus(), ChangeFocus::FirstInvalid);
    assert!(page.api.calls().is_empty(), "the code is not spent on a password the store refuses");
}

#[test]
fn a_common_password_found_once_the_list_arrives_sends_nothing_and_points_at_the_field() {
    let mut page = Page::link();
    let list = Arc::new(CommonPasswords::parse("baseball1\n", Unicode::STD));
    let Submit::Go(submission) = page.start(&input("baseball1")) else {
        panic!("unknown until the list is here")
    };
    page.common = Some(Arc::clone(&list));
    let policy = PasswordPolicy::default();
    let sent = submission
        .send(&page.api, &page.host, &policy, async { Some(list) }, async { Err(DiscoveryError::NoRealm) });
    page.session.submitted(block_on(sent));
    let form = page.form();
    assert_eq!((form.notice, form.button), (None, SubmitButton::Submit));
    assert_eq!(page.session.focus(), ChangeFocus::FirstInvalid);
    let report = page.report(&input("baseball1"));
    let errors = page.session.field_errors(&input("baseball1"), &report, UsernameFormat::Email);
    assert_eq!(errors.password, Some(Requirement::NotCommon));
    assert!(page.api.calls().is_empty());
}

#[test]
fn pagehide_drops_the_kept_token_and_a_later_try_starts_over_from_the_link() {
    let mut page = Page::link();
    let granted = accounts();
    let probe = granted.first_token().expect("a token").clone();
    page.exchange_answers(Ok(granted));
    page.update_answers(&[Err(ApiError::Network)]);
    assert!(page.submit(&input(GOOD)));
    assert!(page.form().exchanged);
    assert_eq!(probe.holders(), 2, "kept for \"Try again\"");

    page.session.page_hidden();
    assert_eq!(probe.holders(), 1, "after pagehide nothing but the test holds the token");

    // Back from the back-forward cache: the token is gone, so the spent code is tried again and the
    // shopper is offered a new link; the password is never sent with the old token.
    page.exchange_answers(Err(ApiError::Unauthorized));
    assert!(page.submit(&input(GOOD)));
    assert!(matches!(page.view(), ChangeView::Expired(_)), "{:?}", page.view());
    assert_eq!(page.exchanges(), 2);
    assert_eq!(page.api.count(|call| matches!(call, Call::Update { .. })), 1);
}

#[test]
fn no_new_link_is_asked_for_outside_the_expired_view() {
    let mut page = Page::link();
    let requester = LinkRequester::new(60, None, Unicode::STD);
    assert!(page.session.start_link_request(&requester).is_none());
    assert!(!requester.is_sending());
}

#[test]
fn only_success_makes_the_page_forget_the_typed_passwords() {
    let mut page = Page::link();
    assert!(!page.session.is_done());
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Err(ApiError::Network), Ok(())]);
    assert!(page.submit(&input(GOOD)));
    assert!(!page.session.is_done(), "a retry needs them");
    assert!(page.submit(&input(GOOD)));
    assert!(page.session.is_done());
}

const BREACHED: &str = "breached passphrase 2019";

#[test]
fn a_breached_password_is_refused_before_the_code_is_spent() {
    let mut page = Page::checking_breaches(&[BREACHED]);
    let breached = input(BREACHED);
    assert_eq!(page.session.breach_line(&breached), Some(BreachLine::AtSubmit));
    assert!(page.submit(&breached));
    assert_eq!(page.exchanges(), 0, "nothing reached the store");
    assert_eq!(page.form().notice, None);
    assert_eq!(page.session.breach_line(&breached), Some(BreachLine::Breached));
    let errors = page.session.field_errors(&breached, &page.report(&breached), UsernameFormat::Email);
    assert_eq!(errors.password, Some(Requirement::NotBreached));
    assert_eq!(page.session.focus(), ChangeFocus::FirstInvalid);
    let asked = page.host.range_asked.borrow().clone();
    assert_eq!(asked.len(), 1);
    let prefix = asked[0].strip_prefix("https://pwned.example/range/").unwrap_or_default();
    assert!(prefix.len() == 5 && prefix.bytes().all(|b| b.is_ascii_hexdigit()), "{asked:?}");

    // Another password clears the line and goes through.
    let good = input(GOOD);
    assert_eq!(page.session.breach_line(&good), Some(BreachLine::AtSubmit));
    let errors = page.session.field_errors(&good, &page.report(&good), UsernameFormat::Email);
    assert_eq!(errors.password, None);
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Ok(())]);
    assert!(page.submit(&good));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.exchanges(), 1);
    assert!(page.host.hints.borrow().is_empty());
}

#[test]
fn an_unreachable_service_leaves_the_built_in_list_and_the_reset_goes_on() {
    for why in [Unreachable::Network, Unreachable::Blocked, Unreachable::Timeout, Unreachable::Status(503)] {
        let mut page = Page::checking_breaches(&[BREACHED]);
        page.host.range_fails.set(Some(why));
        page.exchange_answers(Ok(accounts()));
        page.update_answers(&[Ok(())]);
        // Even a breached password: the check could not be made (fail open, visibly).
        assert!(page.submit(&input(BREACHED)));
        assert_eq!(page.view(), ChangeView::Done);
        assert_eq!(page.session.breach_line(&input(BREACHED)), Some(BreachLine::Unchecked));
        assert_eq!(*page.host.hints.borrow(), [OwnerHint::BreachCheckUnreachable(why)]);
    }
}

#[test]
fn the_breach_check_is_off_unless_asked_for_and_asks_once_per_prefix() {
    let mut page = Page::link();
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Ok(())]);
    assert!(page.submit(&input(BREACHED)));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.session.breach_line(&input(BREACHED)), None);
    assert!(page.host.range_asked.borrow().is_empty());

    let mut page = Page::checking_breaches(&[]);
    page.exchange_answers(Ok(accounts()));
    page.update_answers(&[Err(ApiError::Server { status: 503 }), Ok(())]);
    assert!(page.submit(&input(GOOD)));
    assert!(page.form().notice.is_some(), "the store failed: try again");
    page.host.advance(60_000);
    assert!(page.submit(&input(GOOD)));
    assert_eq!(page.view(), ChangeView::Done);
    assert_eq!(page.host.range_asked.borrow().len(), 1, "the answer is kept per prefix");
}
