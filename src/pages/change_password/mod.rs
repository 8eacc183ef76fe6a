//! `/change_password`: the shopper arrives from the e-mailed link and chooses a new password.
//!
//! The page renders [`ResetSession`]'s [`ChangeView`]: the [`form`], or a view that replaces it
//! ([`outcome`], [`expired`]). Opening the link sends nothing that uses the code (mail scanners open
//! links): the address bar was cleaned at start-up and the link is kept in memory only.

mod expired;
mod form;
mod outcome;

use ep_reset_core::flows::reset_flow::Screen;
use ep_reset_core::host_event::HostEvent;
use ep_reset_core::session::reset::{ChangeAnnouncement, ChangeFocus, ChangeView, ResetSession, Start};
use leptos::prelude::*;
use web_sys::{Element, Node};

use self::expired::expired_view;
use self::form::{Fields, NEW_PASSWORD_ID, NOTICE_ID, notice_text, reset_form};
use self::outcome::{done_view, final_view};
use crate::address_bar;
use crate::common_passwords::CommonList;
use crate::components::{USERNAME_ID, sentence_text};
use crate::dom::{El, listen, nothing, region};
use crate::focus::focus_soon;
use crate::host::UNICODE;
use crate::host_events::use_host_events;
use crate::messages::use_messages;
use crate::model::Model;
use crate::pages::config_problem_page;
use crate::pages::frame::{live_status, page_root};
use crate::store::{Store, configured_ids};
use crate::time::use_ticking_now;

/// What the page's views share.
#[derive(Clone, Copy)]
struct ResetPage {
    store: Store,
    session: Model<ResetSession>,
    /// The session's view model, at the ticking clock.
    view: Memo<ChangeView>,
    /// What the shopper typed: kept through every view, so no view change loses it.
    fields: Fields,
    /// The common-password list (loaded when a password field is first focused).
    common: CommonList,
}

/// The change-password page.
pub fn change_password_page(store: Store) -> Node {
    let messages = use_messages();
    let text = &messages.change;
    let address = address_bar::take_address();
    let session = store.with_value(|store| {
        let config = &store.config;
        let start = Start::from_address(
            &address.search,
            &address.hash,
            config.realm_id.as_ref(),
            config.password_profile_id.as_ref(),
        );
        ResetSession::new(start, configured_ids(config), config.min_password_length, UNICODE)
    });
    let fields = Fields::new(session.typed_username());
    let session = Model::new(session);
    // The account-management token never outlives the page being shown.
    if let Some(window) = web_sys::window() {
        listen(&window, "pagehide", move |_| {
            if let Some(session) = session.session() {
                session.page_hidden();
            }
        });
    }
    let clock = use_ticking_now();
    let view = Memo::new(move |_| {
        let link_sending = store.with_value(|store| store.links.is_sending());
        session.read(|session| session.view(link_sending, clock.now()))
    });
    let common = CommonList::new(&store.with_value(|store| store.assets.clone()));
    let page = ResetPage { store, session, view, fields, common };
    let screen = Memo::new(move |_| view.with(ChangeView::screen));

    // Each change is told to the host, and focus follows it: the heading of a new view, the notice over
    // the kept form, the first field to fix, or the first field to type into.
    let root = StoredValue::new_local(None::<Element>);
    let events = use_host_events();
    Effect::new(move |previous: Option<u32>| {
        let (target, changes) = session.read(ResetSession::focus);
        if previous.is_some_and(|previous| previous != changes) {
            events.send(view.with_untracked(HostEvent::of_change));
            let selector = match target {
                ChangeFocus::Heading => "h1".to_owned(),
                ChangeFocus::Notice => format!("#{NOTICE_ID}:not([hidden])"),
                ChangeFocus::FirstInvalid => "[aria-invalid=true]".to_owned(),
                ChangeFocus::FirstField => format!("#{USERNAME_ID}:not([readonly]), #{NEW_PASSWORD_ID}"),
            };
            focus_soon(root, selector);
        }
        changes
    });

    // The text itself is memoised: the region speaks only when it changes, never per countdown tick.
    let announcement = Memo::new(move |_| {
        session.read(ResetSession::announcement).map(|announcement| match announcement {
            ChangeAnnouncement::Notice(notice) => notice_text(messages, notice),
            ChangeAnnouncement::Done => format!("{} {}", text.heading(Screen::Done), text.done_body),
            ChangeAnnouncement::Link(sentence) => sentence_text(messages, sentence),
            ChangeAnnouncement::Heading(screen) => text.heading(screen).to_owned(),
        })
    });

    let body = move |screen| match screen {
        Screen::Form => reset_form(page),
        Screen::Done => done_view(store),
        Screen::LinkExpired => expired_view(page),
        Screen::Final(reason) => final_view(reason, store),
        Screen::NotConfigured => nothing(),
    };
    let not_configured = Memo::new(move |_| {
        view.with(|view| match view {
            ChangeView::NotConfigured(error) => Some(messages.common.not_configured(*error)),
            _ => None,
        })
    });

    region(not_configured, move |problem| match problem {
        Some(problem) => config_problem_page(vec![problem]),
        None => {
            let heading = El::new("h1").bind_text(move || text.heading(screen.get()).to_owned());
            let page = page_root("", heading).child(region(screen, body)).child(live_status(announcement));
            root.set_value(page.element().cloned());
            page.node()
        }
    })
}
