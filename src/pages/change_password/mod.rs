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
use leptos::html;
use leptos::prelude::*;

use self::expired::ExpiredView;
use self::form::{Fields, NEW_PASSWORD_ID, NOTICE_ID, ResetForm, notice_text};
use self::outcome::{DoneView, FinalView};
use crate::address_bar;
use crate::common_passwords::CommonList;
use crate::components::{USERNAME_ID, sentence_text};
use crate::focus::focus_within;
use crate::host::UNICODE;
use crate::host_events::use_host_events;
use crate::messages::use_messages;
use crate::model::Model;
use crate::pages::ConfigProblemPage;
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
#[component]
pub fn ChangePasswordPage(store: Store) -> impl IntoView {
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
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| {
        if let Some(session) = session.session() {
            session.page_hidden();
        }
    });
    on_cleanup(move || on_hide.remove());
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
    let root = NodeRef::<html::Div>::new();
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
            request_animation_frame(move || focus_within(root, &selector));
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

    let body = move || match screen.get() {
        Screen::Form => view! { <ResetForm page=page/> }.into_any(),
        Screen::Done => view! { <DoneView store=store/> }.into_any(),
        Screen::LinkExpired => view! { <ExpiredView page=page/> }.into_any(),
        Screen::Final(reason) => view! { <FinalView reason=reason store=store/> }.into_any(),
        Screen::NotConfigured => ().into_any(),
    };
    let not_configured = Memo::new(move |_| {
        view.with(|view| match view {
            ChangeView::NotConfigured(error) => Some(messages.common.not_configured(*error)),
            _ => None,
        })
    });

    move || {
        match not_configured.get() {
        Some(problem) => view! { <ConfigProblemPage problems=vec![problem]/> }.into_any(),
        None => view! {
            <div class="epr-page" lang=messages.lang dir=messages.dir node_ref=root>
                <h1 tabindex="-1">{move || text.heading(screen.get())}</h1>
                {body}
                <p role="status" aria-live="polite" class="epr-visually-hidden">{move || announcement.get()}</p>
            </div>
        }
        .into_any(),
    }
    }
}
