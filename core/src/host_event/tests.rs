use super::*;
use crate::config::attr;
use crate::flows::discovery::DiscoveryError;
use crate::session::link_request::LinkButton;
use crate::session::reset::{ExpiredView, FormNotice, FormStart, FormView, SubmitButton};
use crate::username::{UsernameError, UsernameFormat};

fn link(sentence: Option<LinkSentence>) -> LinkRequestView {
    LinkRequestView { button: LinkButton::Ready, sentence }
}

fn forgot(screen: ForgotScreen) -> ForgotView {
    ForgotView { screen, announcement: None, focus: (None, 1) }
}

fn form(notice: Option<Notice>) -> ChangeView {
    ChangeView::Form(FormView {
        start: FormStart::Link { username: "ada@example.com".to_owned() },
        exchanged: false,
        notice: notice.map(|notice| FormNotice { notice, wait_secs: 0, code_accepted: false }),
        button: SubmitButton::TryAgain,
    })
}

fn expired(sentence: Option<LinkSentence>) -> ChangeView {
    ChangeView::Expired(ExpiredView {
        username: "ada@example.com".to_owned(),
        link: link(sentence),
        code_entry: false,
    })
}

#[test]
fn names_are_the_documented_five() {
    let names: Vec<_> = [
        HostEvent::Ready,
        HostEvent::LinkSent,
        HostEvent::PasswordChanged,
        HostEvent::LinkExpired,
        HostEvent::Error(ErrorCode::Network),
    ]
    .iter()
    .map(|event| event.name())
    .collect();
    assert_eq!(
        names,
        [
            "ep-reset-ready",
            "ep-reset-link-sent",
            "ep-reset-password-changed",
            "ep-reset-link-expired",
            "ep-reset-error"
        ]
    );
    assert_eq!(HostEvent::Ready.code(), None);
    assert_eq!(HostEvent::Error(ErrorCode::RateLimited).code(), Some("rate-limited"));
}

#[test]
fn mounting_is_ready_or_a_configuration_error() {
    let good = Config::from_attributes(|name| match name {
        attr::API_BASE => Some("https://a.example".to_owned()),
        attr::CLIENT_ID => Some("x".to_owned()),
        _ => None,
    });
    assert_eq!(HostEvent::on_mount(&good), HostEvent::Ready);
    let bad = Config::from_attributes(|_| None);
    assert_eq!(HostEvent::on_mount(&bad), HostEvent::Error(ErrorCode::Configuration));
}

#[test]
fn forgot_answers() {
    assert_eq!(
        HostEvent::of_forgot(&forgot(ForgotScreen::Sent { button: LinkButton::Ready })),
        Some(HostEvent::LinkSent)
    );
    assert_eq!(
        HostEvent::of_forgot(&forgot(ForgotScreen::NotConfigured(DiscoveryError::NoRealm))),
        Some(HostEvent::Error(ErrorCode::NotConfigured))
    );
    let form = |sentence, username_error| ForgotScreen::Form {
        format: UsernameFormat::Email,
        username_error,
        link: link(sentence),
    };
    for (sentence, expected) in [
        (Some(LinkSentence::Network), Some(HostEvent::Error(ErrorCode::Network))),
        (Some(LinkSentence::Server), Some(HostEvent::Error(ErrorCode::Server))),
        (Some(LinkSentence::RateLimited { secs: 5 }), Some(HostEvent::Error(ErrorCode::RateLimited))),
        (Some(LinkSentence::CoolingDown { secs: 5 }), None),
        (None, None),
    ] {
        assert_eq!(HostEvent::of_forgot(&forgot(form(sentence, None))), expected, "{sentence:?}");
    }
    assert_eq!(
        HostEvent::of_forgot(&forgot(form(None, Some(UsernameError::Empty)))),
        None,
        "nothing was sent"
    );
}

#[test]
fn change_answers() {
    assert_eq!(HostEvent::of_change(&ChangeView::Done), Some(HostEvent::PasswordChanged));
    assert_eq!(HostEvent::of_change(&expired(None)), Some(HostEvent::LinkExpired));
    assert_eq!(HostEvent::of_change(&expired(Some(LinkSentence::Sent))), Some(HostEvent::LinkSent));
    assert_eq!(
        HostEvent::of_change(&expired(Some(LinkSentence::Network))),
        Some(HostEvent::Error(ErrorCode::Network))
    );
    assert_eq!(HostEvent::of_change(&form(None)), None, "a form to fix sent nothing");
    for (notice, code) in [
        (Notice::Network, "network"),
        (Notice::Server, "server"),
        (Notice::RateLimited, "rate-limited"),
        (Notice::Rejected, "password-rejected"),
        (Notice::UpdateRefused, "update-refused"),
    ] {
        assert_eq!(HostEvent::of_change(&form(Some(notice))).and_then(HostEvent::code), Some(code));
    }
    for (reason, code) in [
        (FinalReason::NoAccount, "no-account"),
        (FinalReason::SelfManagementDisabled, "self-management-disabled"),
        (FinalReason::LinkIncomplete, "link-incomplete"),
        (FinalReason::Failed, "failed"),
    ] {
        assert_eq!(HostEvent::of_change(&ChangeView::Final(reason)).and_then(HostEvent::code), Some(code));
    }
    assert_eq!(
        HostEvent::of_change(&ChangeView::NotConfigured(DiscoveryError::NoOtpProfile)),
        Some(HostEvent::Error(ErrorCode::NotConfigured))
    );
}

#[test]
fn no_code_carries_anything_but_lowercase_words() {
    for code in [
        ErrorCode::Configuration,
        ErrorCode::NotConfigured,
        ErrorCode::Network,
        ErrorCode::Server,
        ErrorCode::RateLimited,
        ErrorCode::PasswordRejected,
        ErrorCode::UpdateRefused,
        ErrorCode::NoAccount,
        ErrorCode::SelfManagementDisabled,
        ErrorCode::LinkIncomplete,
        ErrorCode::Failed,
        ErrorCode::NoDocument,
    ] {
        assert!(code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{code:?}");
    }
}
