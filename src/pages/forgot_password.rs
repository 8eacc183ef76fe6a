//! `/forgot_password`: the shopper asks for a reset link. Renders [`ForgotSession`]'s view model.

use std::rc::Rc;

use ep_reset_core::host_event::HostEvent;
use ep_reset_core::session::forgot::{
    ForgotAnnouncement, ForgotFocus, ForgotScreen, ForgotSession, ForgotView,
};
use ep_reset_core::session::link_request::{LinkButton, LinkRequestView};
use ep_reset_core::username::UsernameFormat;
use leptos::prelude::*;
use web_sys::Node;

use crate::address_bar;
use crate::components::{LinkRequest, UsernameField, sentence_text};
use crate::dom::{El, NodeRef, ev, fragment, region};
use crate::focus::{Pick, focus_soon};
use crate::host_events::use_host_events;
use crate::messages::use_messages;
use crate::model::Model;
use crate::pages::frame::{leave_link, live_status, page_or_problem, page_root};
use crate::store::Store;
use crate::time::use_ticking_now;

/// What the page's parts share.
#[derive(Clone, Copy)]
struct ForgotPage {
    store: Store,
    model: Model<ForgotSession>,
    /// The session's view model, at the ticking clock.
    view: Memo<ForgotView>,
    /// The typed username: kept through every view.
    username: RwSignal<String>,
    /// Where focus can go: the confirmation's heading, the field, the sentence under the button.
    sent_heading: NodeRef,
    field: NodeRef,
    sentence: NodeRef,
}

/// The forgot-password page: a username field and a button that requests the reset e-mail.
pub fn forgot_password_page(store: Store) -> Node {
    let messages = use_messages();
    let text = &messages.forgot;
    // The raw address is not needed here: it leaves the context; the username stays for the field.
    drop(address_bar::take_address());
    let username = RwSignal::new(address_bar::opened_username().unwrap_or_default());
    let model = Model::new(ForgotSession::default());
    let clock = use_ticking_now();
    let view = Memo::new(move |_| {
        store.with_value(|store| {
            let discovered = store.discovered();
            model.read(|session| session.view(&store.links, discovered.as_ref(), clock.now()))
        })
    });
    let (sent_heading, field, sentence) = (NodeRef::new(), NodeRef::new(), NodeRef::new());
    let page = ForgotPage { store, model, view, username, sent_heading, field, sentence };
    follow_answers(page);

    // The text itself is memoised: the region speaks only when it changes, never per countdown tick.
    let announcement = Memo::new(move |_| {
        view.with(|view| view.announcement).map(|announcement| match announcement {
            ForgotAnnouncement::Sent { cooldown_secs } => {
                format!("{} {}", text.sent_body, text.cooldown_started.format(cooldown_secs))
            }
            ForgotAnnouncement::Failed(sentence) => sentence_text(messages, sentence),
        })
    });
    let not_configured = Memo::new(move |_| {
        view.with(|view| match view.screen {
            ForgotScreen::NotConfigured(error) => Some(messages.common.not_configured(error)),
            _ => None,
        })
    });
    let sent = Memo::new(move |_| view.with(|view| matches!(view.screen, ForgotScreen::Sent { .. })));
    let sign_in_url = store.with_value(|store| store.config.sign_in_url.clone());
    page_or_problem(not_configured, move || {
        page_root("", El::new("h1").text(text.heading))
            .child(region(sent, move |sent| if sent { confirmation(page) } else { form(page) }))
            .child(live_status(announcement))
            .child(leave_link(&sign_in_url, messages.common.back_to_sign_in, ""))
            .node()
    })
}

/// The host hears of each new answer and of a store found not configured; focus follows each new
/// answer: the confirmation's heading, the field, or the error.
fn follow_answers(page: ForgotPage) {
    let ForgotPage { view, sent_heading, field, sentence, .. } = page;
    let events = use_host_events();
    Effect::new(move |previous: Option<(u32, bool)>| {
        let key = view.with(|view| (view.focus.1, matches!(view.screen, ForgotScreen::NotConfigured(_))));
        if previous.unwrap_or_default() != key {
            events.send(view.with_untracked(HostEvent::of_forgot));
        }
        key
    });
    Effect::new(move |previous: Option<u32>| {
        let (target, answers) = view.with(|view| view.focus);
        if previous.is_some_and(|previous| previous != answers)
            && let Some(target) = target
        {
            let target = match target {
                ForgotFocus::Heading => sent_heading,
                ForgotFocus::Username => field,
                ForgotFocus::Error => sentence,
            };
            focus_soon(Pick::First, vec![target]);
        }
        answers
    });
}

/// Asks for a link for the typed username (nothing while a request runs).
fn send(page: ForgotPage) {
    let ForgotPage { store, model, username, .. } = page;
    let Some(store) = store.try_get_value() else { return };
    let Some(running) = model.update(|session| session.start(&store.links)).flatten() else { return };
    let typed = username.get_untracked();
    let request =
        async move { store.links.request(running, &store.client, &store.host, store.ids(), &typed).await };
    model.spawn(request, ForgotSession::answered, || {});
}

/// The widget's part of the view model.
fn link_view(view: Memo<ForgotView>) -> Memo<LinkRequestView> {
    Memo::new(move |_| {
        view.with(|view| match view.screen {
            ForgotScreen::Form { link, .. } => link,
            ForgotScreen::Sent { button } => LinkRequestView { button, sentence: None },
            ForgotScreen::NotConfigured(_) => LinkRequestView { button: LinkButton::Ready, sentence: None },
        })
    })
}

/// The form: the intro for the username format, the field, and the button that submits it.
fn form(page: ForgotPage) -> Node {
    let text = &use_messages().forgot;
    let view = page.view;
    let format = Memo::new(move |_| {
        view.with(|view| match view.screen {
            ForgotScreen::Form { format, .. } => format,
            _ => UsernameFormat::Email,
        })
    });
    let error = Memo::new(move |_| {
        view.with(|view| match view.screen {
            ForgotScreen::Form { username_error, .. } => username_error,
            _ => None,
        })
    });
    let intro = El::new("p").bind_text(move || {
        if format.get() == UsernameFormat::Email { text.intro } else { text.intro_any }.to_owned()
    });
    let field =
        UsernameField { node_ref: Some(page.field), ..UsernameField::new(format, page.username, error) };
    let link = LinkRequest {
        sentence_ref: Some(page.sentence),
        ..LinkRequest::new(link_view(view), text.send_link_button)
    };
    let form = El::new("form")
        .attr("class", "epr-form")
        .flag("novalidate")
        .on(ev::submit, move |event| {
            event.prevent_default();
            send(page);
        })
        .child(field.render())
        .child(link.render());
    fragment([intro.node(), form.node()])
}

/// The neutral confirmation, with "Send again" and "Use a different address".
fn confirmation(page: ForgotPage) -> Node {
    let text = &use_messages().forgot;
    let model = page.model;
    let edit = El::new("button")
        .attr("type", "button")
        .attr("class", "epr-secondary")
        .on(ev::click, move |_| {
            model.update(ForgotSession::edit);
        })
        .text(text.use_different_address);
    let again = LinkRequest {
        on_request: Some(Rc::new(move || send(page))),
        children: vec![edit.node()],
        sentence_ref: Some(page.sentence),
        ..LinkRequest::new(link_view(page.view), text.send_again)
    };
    El::new("section")
        .attr("class", "epr-confirmation")
        .child(El::new("h2").attr("tabindex", "-1").node_ref(page.sent_heading).text(text.sent_heading))
        .child(El::new("p").text(text.sent_body))
        .child(El::new("p").text(text.sent_help))
        .child(again.render())
        .node()
}
