//! The forgot-password page: a username field and a button that asks for the reset e-mail, then the
//! neutral confirmation with "Send again" and "Use a different address".

use super::link_request::{LinkButton, LinkRequestOutcome, LinkRequestView, LinkRequester, LinkSentence};
use crate::flows::discovery::{Discovered, DiscoveryError};
use crate::flows::in_flight::Running;
use crate::username::{UsernameError, UsernameFormat};

/// The page's state between events. It changes only through `&mut self`: the page holds it in a model
/// that tells the views of every change.
#[derive(Debug, Default)]
pub struct ForgotSession {
    answer: Option<LinkRequestOutcome>,
    answers: u32,
    editing: bool,
}

/// What the forgot-password page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForgotView {
    /// Which view.
    pub screen: ForgotScreen,
    /// What the page's polite live region says: once per answer, never per countdown tick.
    pub announcement: Option<ForgotAnnouncement>,
    /// Where focus goes after the latest answer, and which answer that is (focus moves once per answer).
    pub focus: (Option<ForgotFocus>, u32),
}

/// The view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ForgotScreen {
    /// The store's realm or profile could not be determined: a configuration problem, not a form.
    NotConfigured(DiscoveryError),
    /// The form. The widget's sentence is the form's error.
    Form {
        /// The field's format (`type="email"` or text).
        format: UsernameFormat,
        /// What is wrong with the typed username.
        username_error: Option<UsernameError>,
        /// The submit button and the error under it.
        link: LinkRequestView,
    },
    /// The confirmation, the same whether or not the account exists; its "Send again" button.
    Sent {
        /// "Send again" (the confirmation itself is the sentence).
        button: LinkButton,
    },
}

/// What the live region announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForgotAnnouncement {
    /// The confirmation, and when another link can be asked for.
    Sent {
        /// The cooldown, in seconds.
        cooldown_secs: u64,
    },
    /// A failure the form shows.
    Failed(LinkSentence),
}

/// Where focus goes after an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForgotFocus {
    /// The confirmation's heading.
    Heading,
    /// The username field, to fix it.
    Username,
    /// The form's error.
    Error,
}

impl ForgotSession {
    /// The shopper asked for a link: takes `requester`'s one-at-a-time guard (`None` while a request
    /// runs, so a double click sends one request). The request itself is
    /// [`LinkRequester::request`]; its outcome comes back through [`Self::answered`].
    pub fn start(&mut self, requester: &LinkRequester) -> Option<Running> {
        requester.try_start()
    }

    /// The request was answered with `outcome`: the page keeps it. The confirmation replaces the form
    /// only once the answer is there.
    pub fn answered(&mut self, outcome: LinkRequestOutcome) {
        self.answer = Some(outcome);
        self.answers += 1;
        self.editing = false;
    }

    /// "Use a different address": back to the form, the username kept.
    pub fn edit(&mut self) {
        self.editing = true;
    }

    /// What the page shows at `now_ms`, given what discovery found so far (`None` while it runs).
    pub fn view(
        &self,
        requester: &LinkRequester,
        discovery: Option<&Result<Discovered, DiscoveryError>>,
        now_ms: u64,
    ) -> ForgotView {
        let sending = requester.is_sending();
        let answer = self.answer.as_ref();
        let sent = answer.is_some_and(LinkRequestOutcome::is_sent) && !self.editing;
        let not_configured = match (answer, discovery) {
            (Some(LinkRequestOutcome::NotConfigured(error)), _) => Some(*error),
            (_, Some(Err(error))) if !matches!(error, DiscoveryError::Unavailable(_)) => Some(*error),
            _ => None,
        };
        let screen = if let Some(error) = not_configured {
            ForgotScreen::NotConfigured(error)
        } else if sent {
            ForgotScreen::Sent { button: LinkRequestView::new(answer, sending, now_ms).button }
        } else {
            // A link sent earlier (then "Use a different address") neither disables the form nor speaks
            // in it: the cooldown is per username, checked when the form is sent.
            let form_answer = answer.filter(|answer| !answer.is_sent());
            ForgotScreen::Form {
                format: requester.format(discovery.and_then(|found| found.as_ref().ok())),
                username_error: match form_answer {
                    Some(LinkRequestOutcome::InvalidUsername(error)) if !self.editing => Some(*error),
                    _ => None,
                },
                link: LinkRequestView::new(form_answer, sending, now_ms),
            }
        };
        let announcement = match answer {
            Some(answer) if answer.is_sent() && !self.editing => {
                Some(ForgotAnnouncement::Sent { cooldown_secs: requester.cooldown_secs() })
            }
            Some(LinkRequestOutcome::Network) => Some(ForgotAnnouncement::Failed(LinkSentence::Network)),
            Some(LinkRequestOutcome::Server) => Some(ForgotAnnouncement::Failed(LinkSentence::Server)),
            _ => None,
        };
        let focus = match answer {
            Some(LinkRequestOutcome::Sent { .. } | LinkRequestOutcome::CoolingDown { .. }) => {
                Some(ForgotFocus::Heading)
            }
            Some(LinkRequestOutcome::InvalidUsername(_)) => Some(ForgotFocus::Username),
            Some(
                LinkRequestOutcome::Network
                | LinkRequestOutcome::Server
                | LinkRequestOutcome::RateLimited { .. },
            ) => Some(ForgotFocus::Error),
            Some(LinkRequestOutcome::NotConfigured(_)) | None => None,
        };
        ForgotView { screen, announcement, focus: (focus, self.answers) }
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::*;
    use crate::api::ApiError;
    use crate::flows::fake_api::{FakeApi, id};
    use crate::retry::RetryAfter;
    use crate::session::Host;
    use crate::session::fake_host::FakeHost;
    use crate::unicode::Unicode;

    fn found(format: Option<UsernameFormat>) -> Result<Discovered, DiscoveryError> {
        Ok(Discovered {
            realm: id("realm-1"),
            password_profile_id: id("prof-1"),
            username_format: format,
            min_password_length: None,
        })
    }

    struct Page {
        session: ForgotSession,
        requester: LinkRequester,
        host: FakeHost,
        api: FakeApi,
    }

    impl Page {
        fn new() -> Self {
            Self {
                session: ForgotSession::default(),
                requester: LinkRequester::new(60, None, Unicode::STD),
                host: FakeHost::default(),
                api: FakeApi::default(),
            }
        }

        fn send(&mut self, answer: Option<Result<(), ApiError>>, typed: &str) {
            self.api.otp.borrow_mut().extend(answer);
            let running = self.session.start(&self.requester).expect("not sending");
            let request =
                self.requester.request(running, &self.api, &self.host, async { found(None) }, typed);
            self.session.answered(block_on(request));
        }

        fn view(&self) -> ForgotView {
            self.session.view(&self.requester, Some(&found(None)), self.host.now_ms())
        }

        fn screen(&self) -> ForgotScreen {
            self.view().screen
        }
    }

    fn form(
        username_error: Option<UsernameError>,
        button: LinkButton,
        sentence: Option<LinkSentence>,
    ) -> ForgotScreen {
        ForgotScreen::Form {
            format: UsernameFormat::Email,
            username_error,
            link: LinkRequestView { button, sentence },
        }
    }

    #[test]
    fn before_any_answer_the_form_follows_the_username_format() {
        let page = Page::new();
        assert_eq!(page.screen(), form(None, LinkButton::Ready, None));
        let any = page.session.view(&page.requester, Some(&found(Some(UsernameFormat::Any))), 0);
        assert!(matches!(any.screen, ForgotScreen::Form { format: UsernameFormat::Any, .. }));
        let running = page.session.view(&page.requester, None, 0);
        assert!(matches!(running.screen, ForgotScreen::Form { format: UsernameFormat::Email, .. }));
        assert_eq!(page.view().announcement, None);
        assert_eq!(page.view().focus, (None, 0));
    }

    #[test]
    fn while_sending_the_button_says_so() {
        let mut page = Page::new();
        let _running = page.session.start(&page.requester).expect("free");
        assert_eq!(page.screen(), form(None, LinkButton::Sending, None));
        assert!(page.session.start(&page.requester).is_none(), "one request at a time");
    }

    #[test]
    fn a_sent_link_shows_the_confirmation_with_a_countdown_announced_once() {
        let mut page = Page::new();
        page.send(Some(Ok(())), "ada@example.org");
        assert_eq!(page.screen(), ForgotScreen::Sent { button: LinkButton::SendAgainIn(60) });
        let view = page.view();
        assert_eq!(view.announcement, Some(ForgotAnnouncement::Sent { cooldown_secs: 60 }));
        assert_eq!(view.focus, (Some(ForgotFocus::Heading), 1));
        page.host.advance(30_000);
        assert_eq!(page.screen(), ForgotScreen::Sent { button: LinkButton::SendAgainIn(30) });
        assert_eq!(page.view().announcement, view.announcement, "the countdown is not announced");
        page.host.advance(30_000);
        assert_eq!(page.screen(), ForgotScreen::Sent { button: LinkButton::Ready });
    }

    #[test]
    fn a_different_address_goes_back_to_a_free_form_and_its_cooldown_is_per_username() {
        let mut page = Page::new();
        page.send(Some(Ok(())), "ada@example.org");
        page.session.edit();
        assert_eq!(page.screen(), form(None, LinkButton::Ready, None));
        assert_eq!(page.view().announcement, None);
        page.send(None, "ada@example.org");
        assert!(matches!(page.screen(), ForgotScreen::Sent { button: LinkButton::SendAgainIn(_) }));
        assert_eq!(page.view().focus, (Some(ForgotFocus::Heading), 2), "focus moves for each answer");
    }

    #[test]
    fn an_invalid_username_is_shown_on_the_field_until_edited() {
        let mut page = Page::new();
        page.send(None, "not an address");
        assert_eq!(page.screen(), form(Some(UsernameError::NotAnEmail), LinkButton::Ready, None));
        assert_eq!(page.view().focus, (Some(ForgotFocus::Username), 1));
        assert_eq!(page.view().announcement, None);
    }

    #[test]
    fn network_and_store_failures_keep_the_form_and_say_so() {
        let mut page = Page::new();
        page.host.online.set(false);
        page.send(Some(Err(ApiError::Network)), "ada@example.org");
        assert_eq!(page.screen(), form(None, LinkButton::Ready, Some(LinkSentence::Network)));
        assert_eq!(page.view().announcement, Some(ForgotAnnouncement::Failed(LinkSentence::Network)));
        assert_eq!(page.view().focus, (Some(ForgotFocus::Error), 1));
        page.send(Some(Err(ApiError::Server { status: 503 })), "ada@example.org");
        assert_eq!(page.screen(), form(None, LinkButton::Ready, Some(LinkSentence::Server)));
        assert_eq!(page.view().announcement, Some(ForgotAnnouncement::Failed(LinkSentence::Server)));
    }

    #[test]
    fn a_429_disables_the_form_with_a_countdown_until_the_wait_is_over() {
        let mut page = Page::new();
        let limited = ApiError::RateLimited { retry_after: Some(RetryAfter::from_secs(2)) };
        page.send(Some(Err(limited)), "ada@example.org");
        let waiting = Some(LinkSentence::RateLimited { secs: 2 });
        assert_eq!(page.screen(), form(None, LinkButton::TryAgainIn(2), waiting));
        assert_eq!(page.view().focus, (Some(ForgotFocus::Error), 1));
        assert_eq!(page.view().announcement, None, "the focused error speaks for itself");
        page.host.advance(2_000);
        assert_eq!(page.screen(), form(None, LinkButton::Ready, None));
    }

    #[test]
    fn unusable_store_ids_replace_the_form_but_unreadable_ones_do_not() {
        let mut page = Page::new();
        let refused = Err(DiscoveryError::NoOtpProfile);
        let view = page.session.view(&page.requester, Some(&refused), 0);
        assert_eq!(view.screen, ForgotScreen::NotConfigured(DiscoveryError::NoOtpProfile));
        let unavailable = Err(DiscoveryError::Unavailable(ApiError::Network));
        let view = page.session.view(&page.requester, Some(&unavailable), 0);
        assert!(matches!(view.screen, ForgotScreen::Form { .. }));

        let running = page.session.start(&page.requester).expect("free");
        let no_realm = async { Err(DiscoveryError::NoRealm) };
        let request = page.requester.request(running, &page.api, &page.host, no_realm, "a@b.co");
        page.session.answered(block_on(request));
        assert_eq!(page.screen(), ForgotScreen::NotConfigured(DiscoveryError::NoRealm));
        assert_eq!(page.view().focus, (None, 1));
    }
}
