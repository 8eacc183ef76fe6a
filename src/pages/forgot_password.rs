//! `/forgot_password`: the shopper asks for a reset link. Renders [`ForgotSession`]'s view model.

use ep_reset_core::reset_link::username_hint;
use ep_reset_core::session::forgot::{ForgotAnnouncement, ForgotFocus, ForgotScreen, ForgotSession};
use ep_reset_core::session::link_request::LinkRequestView;
use ep_reset_core::username::UsernameFormat;
use leptos::html;
use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::address_bar;
use crate::components::{LINK_STATUS_ID, LinkRequest, USERNAME_ID, UsernameField, sentence_text};
use crate::focus::focus_within;
use crate::messages::use_messages;
use crate::model::Model;
use crate::pages::{ConfigProblemPage, LEAVE_APP_REL};
use crate::store::{Store, use_store};
use crate::time::use_ticking_now;

/// The forgot-password page: a username field and a button that requests the reset e-mail.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    match use_store() {
        Some(store) => view! { <ForgotPassword store=store/> }.into_any(),
        // Unreachable in practice: pages only exist with a valid configuration.
        None => view! { <ConfigProblemPage problems=vec![]/> }.into_any(),
    }
}

#[component]
fn ForgotPassword(store: Store) -> impl IntoView {
    let messages = use_messages();
    let text = &messages.forgot;
    let address = address_bar::use_address();
    let username = RwSignal::new(username_hint(&address.search, &address.hash).unwrap_or_default());
    let page = Model::new(ForgotSession::default());
    let now = use_ticking_now();
    let view = Memo::new(move |_| {
        let discovered = store.with_value(|store| store.discovered());
        store.with_value(|store| {
            page.read(|session| session.view(&store.links, discovered.as_ref(), now.get()))
        })
    });
    let screen = move || view.with(|view| view.screen.clone());

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

    let root = NodeRef::<html::Main>::new();
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
    let announcement = Memo::new(move |_| view.with(|view| view.announcement));
    let announcement = move || {
        announcement.get().map(|announcement| match announcement {
            ForgotAnnouncement::Sent { cooldown_secs } => {
                format!("{} {}", text.sent_body, (text.cooldown_started)(cooldown_secs))
            }
            ForgotAnnouncement::Failed(sentence) => sentence_text(messages, sentence),
        })
    };

    let format = Memo::new(move |_| match screen() {
        ForgotScreen::Form { format, .. } => format,
        _ => UsernameFormat::Email,
    });
    let form = move || {
        let link = Signal::derive(move || match screen() {
            ForgotScreen::Form { link, .. } => link,
            _ => LinkRequestView::new(None, false, 0),
        });
        let error = Signal::derive(move || match screen() {
            ForgotScreen::Form { username_error, .. } => username_error,
            _ => None,
        });
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
        let link = Signal::derive(move || match screen() {
            ForgotScreen::Sent { button } => LinkRequestView { button, sentence: None },
            _ => LinkRequestView::new(None, false, 0),
        });
        view! {
            <section class="epr-confirmation">
                <h2 tabindex="-1">{text.sent_heading}</h2>
                <p>{text.sent_body}</p>
                <p>{text.sent_help}</p>
                <LinkRequest view=link ready=text.send_again on_request=Callback::new(move |()| send())>
                    <button type="button" class="epr-secondary" on:click=move |_| {
                        page.update(ForgotSession::edit);
                    }>
                        {text.use_different_address}
                    </button>
                </LinkRequest>
            </section>
        }
    };
    let not_configured = Memo::new(move |_| match screen() {
        ForgotScreen::NotConfigured(error) => Some(error),
        _ => None,
    });
    let sent = Memo::new(move |_| matches!(screen(), ForgotScreen::Sent { .. }));
    let sign_in_url = store.with_value(|store| store.config.sign_in_url.clone());

    view! {
        <Show
            when=move || not_configured.get().is_none()
            fallback=move || {
                let problem = not_configured.get().map(messages.common.not_configured).into_iter().collect();
                view! { <ConfigProblemPage problems=problem/> }
            }
        >
            <main class="epr-page" lang=messages.lang dir=messages.dir node_ref=root>
                <h1 tabindex="-1">{text.heading}</h1>
                <Show when=move || sent.get() fallback=form>
                    {confirmation}
                </Show>
                <p role="status" aria-live="polite" class="epr-visually-hidden">{announcement}</p>
                <p><a href=sign_in_url.clone() rel=LEAVE_APP_REL>{messages.common.back_to_sign_in}</a></p>
            </main>
        </Show>
    }
}
