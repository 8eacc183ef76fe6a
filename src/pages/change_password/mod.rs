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
use ep_reset_core::session::reset::{
    BreachLine, ChangeAnnouncement, ChangeFocus, ChangeView, FormInput, ResetSession, Start,
};
use leptos::prelude::*;
use web_sys::Node;

use self::expired::expired_view;
use self::form::{Fields, notice_text, reset_form};
use self::outcome::{done_view, final_view};
use crate::address_bar;
use crate::common_passwords::CommonList;
use crate::components::sentence_text;
use crate::dom::{El, NodeRef, ev, listen, nothing, region};
use crate::focus::{Pick, focus_soon};
use crate::host::UNICODE;
use crate::host_events::{HostEvents, use_host_events};
use crate::messages::use_messages;
use crate::model::Model;
use crate::pages::frame::{live_status, page_or_problem, page_root};
use crate::store::{Store, configured_ids};
use crate::time::use_ticking_now;

/// What the page's views share.
#[derive(Clone, Copy)]
struct ResetPage {
    store: Store,
    model: Model<ResetSession>,
    /// The session's view model, at the ticking clock.
    view: Memo<ChangeView>,
    /// What the shopper typed: kept through every view, so no view change loses it.
    fields: Fields,
    /// The common-password list (loaded when a password field is first focused).
    common: CommonList,
    /// Where focus can go.
    targets: Targets,
    /// Where the host hears what happened.
    events: HostEvents,
}

/// Handles on what takes focus after a change.
#[derive(Clone, Copy)]
struct Targets {
    heading: NodeRef,
    notice: NodeRef,
    username: NodeRef,
    code: NodeRef,
    password: NodeRef,
    confirmation: NodeRef,
}

impl Targets {
    fn new() -> Self {
        let [heading, notice, username, code, password, confirmation] =
            std::array::from_fn(|_| NodeRef::new());
        Self { heading, notice, username, code, password, confirmation }
    }

    /// The form's fields, in the order they are shown.
    fn fields(self) -> Vec<NodeRef> {
        vec![self.username, self.code, self.password, self.confirmation]
    }
}

/// The change-password page.
pub fn change_password_page(store: Store) -> Node {
    let messages = use_messages();
    let text = &messages.change;
    let page = open(store);
    let ResetPage { model, view, .. } = page;
    // The account-management token never outlives the page being shown.
    if let Some(window) = web_sys::window() {
        listen(&window, ev::pagehide, move |_| {
            model.update(ResetSession::page_hidden);
        });
    }
    let screen = Memo::new(move |_| view.with(ChangeView::screen));
    // The text itself is memoised: the region speaks only when it changes, never per countdown tick.
    let announcement = Memo::new(move |_| {
        model.read(ResetSession::announcement).map(|announcement| match announcement {
            ChangeAnnouncement::Notice(notice) => notice_text(messages, notice),
            ChangeAnnouncement::Done => format!("{} {}", text.heading(Screen::Done), text.done_body),
            ChangeAnnouncement::Link(sentence) => sentence_text(messages, sentence),
            ChangeAnnouncement::Heading(screen) => text.heading(screen).to_owned(),
        })
    });
    let body = move |screen| match screen {
        Screen::Form => reset_form(page),
        Screen::Done => {
            let unchecked = model.read(|session| session.breach_line(&FormInput::default()));
            done_view(store, unchecked == Some(BreachLine::Unchecked))
        }
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
    page_or_problem(not_configured, move || {
        let heading = El::new("h1")
            .node_ref(page.targets.heading)
            .bind_text(move || text.heading(screen.get()).to_owned());
        page_root("", heading).child(region(screen, body)).child(live_status(announcement)).node()
    })
}

/// The page's session for the link in the address, and what its views share.
fn open(store: Store) -> ResetPage {
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
            .with_breach_check(config.breach_check.clone())
    });
    let fields = Fields::new(session.typed_username());
    let model = Model::new(session);
    let clock = use_ticking_now();
    let view = Memo::new(move |_| {
        let link_sending = store.with_value(|store| store.links.is_sending());
        model.read(|session| session.view(link_sending, clock.now()))
    });
    let common = CommonList::new(&store.with_value(|store| store.assets.clone()));
    ResetPage { store, model, view, fields, common, targets: Targets::new(), events: use_host_events() }
}

/// After a change the page made (an answer, switching to the typed code): the host is told, and focus
/// goes where the session says: the heading of a new view, the notice over the kept form, the first
/// field to fix, or the first field to type into.
fn after_change(page: ResetPage) {
    let ResetPage { model, view, targets, events, .. } = page;
    events.send(view.try_with_untracked(HostEvent::of_change).flatten());
    let Some(focus) = model.try_read(ResetSession::focus) else { return };
    match focus {
        ChangeFocus::Heading => focus_soon(Pick::First, vec![targets.heading]),
        ChangeFocus::Notice => focus_soon(Pick::Shown, vec![targets.notice]),
        ChangeFocus::FirstInvalid => focus_soon(Pick::Invalid, targets.fields()),
        ChangeFocus::FirstField => focus_soon(Pick::Empty, targets.fields()),
    }
}
