//! `/forgot_password`: the shopper asks for a reset link. Renders [`ForgotSession`]'s view model.

use std::rc::Rc;

use ep_reset_core::host_event::HostEvent;
use ep_reset_core::session::forgot::{ForgotAnnouncement, ForgotFocus, ForgotScreen, ForgotSession};
use ep_reset_core::session::link_request::{LinkButton, LinkRequestView};
use ep_reset_core::username::UsernameFormat;
use leptos::prelude::*;
use web_sys::{Element, Node};

use crate::address_bar;
use crate::components::{LINK_STATUS_ID, USERNAME_ID, link_request, sentence_text, username_field};
use crate::dom::{El, fragment, region};
use crate::focus::focus_soon;
use crate::host_events::use_host_events;
use crate::messages::use_messages;
use crate::model::Model;
use crate::pages::config_problem_page;
use crate::pages::frame::{leave_link, live_status, page_root};
use crate::store::Store;
use crate::time::use_ticking_now;

/// The forgot-password page: a username field and a button that requests the reset e-mail.
pub fn forgot_password_page(store: Store) -> Node {
    let messages = use_messages();
    let text = &messages.forgot;
    // The raw address is not needed here: it leaves the context; the username stays for the field.
    drop(address_bar::take_address());
    let username = RwSignal::new(address_bar::opened_username().unwrap_or_default());
    let page = Model::new(ForgotSession::default());
    let clock = use_ticking_now();
    let view = Memo::new(move |_| {
        store.with_value(|store| {
            let discovered = store.discovered();
            page.read(|session| session.view(&store.links, discovered.as_ref(), clock.now()))
        })
    });

    let send = move || {
        let (Some(store), Some(session)) = (store.try_get_value(), page.session()) else { return };
        let Some(running) = session.start(&store.links) else { return };
        page.changed();
        let typed = username.get_untracked();
        leptos::task::spawn_local(async move {
            session.send(running, &store.links, &store.client, &store.host, store.ids(), &typed).await;
            page.changed();
        });
    };

    let root = StoredValue::new_local(None::<Element>);
    let events = use_host_events();
    // The host hears of each new answer, and of a store found not configured.
    Effect::new(move |previous: Option<(u32, bool)>| {
        let key = view.with(|view| (view.focus.1, matches!(view.screen, ForgotScreen::NotConfigured(_))));
        if previous.unwrap_or_default() != key {
            events.send(view.with_untracked(HostEvent::of_forgot));
        }
        key
    });
    // Focus follows each new answer: the confirmation's heading, the field, or the error.
    Effect::new(move |previous: Option<u32>| {
        let (target, answers) = view.with(|view| view.focus);
        if previous.is_some_and(|previous| previous != answers)
            && let Some(target) = target
        {
            let selector = match target {
                ForgotFocus::Heading => "h2".to_owned(),
                ForgotFocus::Username => format!("#{USERNAME_ID}"),
                ForgotFocus::Error => format!("#{LINK_STATUS_ID}"),
            };
            focus_soon(root, selector);
        }
        answers
    });
    // The text itself is memoised: the region speaks only when it changes, never per countdown tick.
    let announcement = Memo::new(move |_| {
        view.with(|view| view.announcement).map(|announcement| match announcement {
            ForgotAnnouncement::Sent { cooldown_secs } => {
                format!("{} {}", text.sent_body, text.cooldown_started.format(cooldown_secs))
            }
            ForgotAnnouncement::Failed(sentence) => sentence_text(messages, sentence),
        })
    });
    // Which view; the parts that change within a view are read from `view` below.
    let not_configured = Memo::new(move |_| {
        view.with(|view| match view.screen {
            ForgotScreen::NotConfigured(error) => Some(messages.common.not_configured(error)),
            _ => None,
        })
    });
    let sent = Memo::new(move |_| view.with(|view| matches!(view.screen, ForgotScreen::Sent { .. })));
    let link = Memo::new(move |_| {
        view.with(|view| match view.screen {
            ForgotScreen::Form { link, .. } => link,
            ForgotScreen::Sent { button } => LinkRequestView { button, sentence: None },
            ForgotScreen::NotConfigured(_) => LinkRequestView { button: LinkButton::Ready, sentence: None },
        })
    });
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
    let form = move || {
        let intro = El::new("p").bind_text(move || {
            if format.get() == UsernameFormat::Email { text.intro } else { text.intro_any }.to_owned()
        });
        let form = El::new("form")
            .attr("class", "epr-form")
            .flag("novalidate")
            .on("submit", move |ev| {
                ev.prevent_default();
                send();
            })
            .child(username_field(format, username, error, None))
            .child(link_request(link, text.send_link_button, None, None));
        fragment([intro.node(), form.node()])
    };
    let confirmation = move || {
        let edit = El::new("button")
            .attr("type", "button")
            .attr("class", "epr-secondary")
            .on("click", move |_| page.update(ForgotSession::edit))
            .text(text.use_different_address);
        El::new("section")
            .attr("class", "epr-confirmation")
            .child(El::new("h2").attr("tabindex", "-1").text(text.sent_heading))
            .child(El::new("p").text(text.sent_body))
            .child(El::new("p").text(text.sent_help))
            .child(link_request(link, text.send_again, Some(Rc::new(send)), Some(edit.node())))
            .node()
    };
    let sign_in_url = store.with_value(|store| store.config.sign_in_url.clone());
    region(not_configured, move |problem| match problem {
        Some(problem) => config_problem_page(vec![problem]),
        None => {
            let page = page_root("", El::new("h1").text(text.heading))
                .child(region(sent, move |sent| if sent { confirmation() } else { form() }))
                .child(live_status(announcement))
                .child(leave_link(&sign_in_url, messages.common.back_to_sign_in, ""));
            root.set_value(page.element().cloned());
            page.node()
        }
    })
}
