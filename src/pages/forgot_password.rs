//! `/forgot_password`: the shopper asks for a reset link. Renders [`ForgotSession`]'s view model.

use ep_reset_core::host_event::HostEvent;
use ep_reset_core::session::forgot::{ForgotAnnouncement, ForgotFocus, ForgotScreen, ForgotSession};
use ep_reset_core::session::link_request::{LinkButton, LinkRequestView};
use ep_reset_core::username::UsernameFormat;
use leptos::html;
use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::address_bar;
use crate::components::{LINK_STATUS_ID, LinkRequest, USERNAME_ID, UsernameField, sentence_text};
use crate::focus::focus_within;
use crate::host_events::use_host_events;
use crate::messages::use_messages;
use crate::model::Model;
use crate::pages::{ConfigProblemPage, LEAVE_APP_REL};
use crate::store::Store;
use crate::time::use_ticking_now;

/// The forgot-password page: a username field and a button that requests the reset e-mail.
#[component]
pub fn ForgotPasswordPage(store: Store) -> impl IntoView {
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

    let root = NodeRef::<html::Div>::new();
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
            request_animation_frame(move || focus_within(root, &selector));
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
        view! {
            <p>{move || if format.get() == UsernameFormat::Email { text.intro } else { text.intro_any }}</p>
            <form
                class="epr-form"
                novalidate
                on:submit=move |ev: SubmitEvent| {
                    ev.prevent_default();
                    send();
                }
            >
                <UsernameField format=format value=username error=error/>
                <LinkRequest view=link ready=text.send_link_button/>
            </form>
        }
    };
    let confirmation = move || {
        view! {
            <section class="epr-confirmation">
                <h2 tabindex="-1">{text.sent_heading}</h2>
                <p>{text.sent_body}</p>
                <p>{text.sent_help}</p>
                <LinkRequest view=link ready=text.send_again on_request=Callback::new(move |()| send())>
                    <button type="button" class="epr-secondary" on:click=move |_| page.update(ForgotSession::edit)>
                        {text.use_different_address}
                    </button>
                </LinkRequest>
            </section>
        }
    };
    let sign_in_url = store.with_value(|store| store.config.sign_in_url.clone());
    move || {
        match not_configured.get() {
        Some(problem) => view! { <ConfigProblemPage problems=vec![problem]/> }.into_any(),
        None => view! {
            <div class="epr-page" lang=messages.lang dir=messages.dir node_ref=root>
                <h1 tabindex="-1">{text.heading}</h1>
                {move || if sent.get() { confirmation().into_any() } else { form().into_any() }}
                <p role="status" aria-live="polite" class="epr-visually-hidden">{move || announcement.get()}</p>
                <p><a href=sign_in_url.clone() rel=LEAVE_APP_REL>{messages.common.back_to_sign_in}</a></p>
            </div>
        }
        .into_any(),
    }
    }
}
