//! `/change_password`: the shopper arrives from the e-mailed link and chooses a new password.
//!
//! - [`link`]: read the link once on mount, take the code and username out of the address bar, keep them
//!   in memory only; no request uses the code before the shopper submits (mail scanners open links).
//! - [`form`]: the form and its checks; invalid input sends nothing.
//! - [`submit`]: one submit through [`ResetFlow`](ep_reset_core::flows::reset_flow::ResetFlow): exchange
//!   once, "Try again" repeats only the failed steps.
//! - [`outcome`], [`expired`]: the views that replace the form.
//!
//! What the shopper sees is derived from the submit action's last result (see
//! [`Screen`](ep_reset_core::flows::reset_flow::Screen)); nothing is copied into extra state.

mod expired;
mod form;
mod link;
mod outcome;
mod submit;

use std::rc::Rc;

use ep_reset_core::flows::discovery::DiscoveryError;
use ep_reset_core::flows::reset_flow::Screen;
use ep_reset_core::password_policy::PasswordInput;
use ep_reset_core::return_to;
use leptos::html;
use leptos::prelude::*;

use self::expired::{ExpiredView, new_link_message};
use self::form::{FormState, NEW_PASSWORD_ID, NOTICE_ID, ResetForm, notice_message};
use self::link::Start;
use self::outcome::{DoneView, FinalView};
use self::submit::{SubmitInput, SubmitResult, Submitter};
use crate::common_passwords::CommonList;
use crate::components::USERNAME_ID;
use crate::focus::focus_within;
use crate::messages::{ChangeText, use_messages};
use crate::pages::ConfigProblemPage;
use crate::store::{StoreContext, password_policy, use_store, username_format};
use crate::time::{now_ms, secs_until, use_ticking_now};

/// The change-password page.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    match use_store() {
        Some(store) => view! { <ChangePassword store=store/> }.into_any(),
        // Unreachable in practice: the router only exists with a valid configuration.
        None => view! { <ConfigProblemPage problems=vec![]/> }.into_any(),
    }
}

/// Which view the page shows.
#[derive(Clone, Debug, PartialEq)]
enum PageView {
    Form,
    Done,
    Expired(String),
    Final(Screen),
    NotConfigured(DiscoveryError),
}

impl PageView {
    fn from_result(result: Option<&SubmitResult>) -> Self {
        match result {
            None | Some(SubmitResult::Invalid(_) | SubmitResult::IdsUnavailable | SubmitResult::Busy) => {
                Self::Form
            }
            Some(SubmitResult::LinkConflict) => Self::Final(Screen::LinkIncomplete),
            Some(SubmitResult::NotConfigured(error)) => Self::NotConfigured(*error),
            Some(SubmitResult::Outcome { outcome, username, .. }) => match outcome.screen() {
                Screen::Form => Self::Form,
                Screen::Done => Self::Done,
                Screen::LinkExpired => Self::Expired(username.clone()),
                Screen::NotConfigured => Self::NotConfigured(DiscoveryError::NoRealm),
                screen => Self::Final(screen),
            },
        }
    }

    fn heading(&self, text: &ChangeText) -> &'static str {
        match self {
            Self::Form | Self::NotConfigured(_) => text.heading,
            Self::Done => text.done_heading,
            Self::Expired(_) => text.expired_heading,
            Self::Final(Screen::NoAccount) => text.no_account_heading,
            Self::Final(Screen::SelfManagementDisabled) => text.self_management_heading,
            Self::Final(Screen::LinkIncomplete) => text.incomplete_heading,
            Self::Final(_) => text.failed_heading,
        }
    }
}

#[component]
fn ChangePassword(store: StoreContext) -> impl IntoView {
    let messages = use_messages();
    let text = &messages.change;
    link::keep_referrer_private();
    let (start, set_start) = signal(link::read(&store.config));
    let state = FormState::new(match start.get_untracked() {
        Start::Typed { username, .. } => username,
        Start::Link(_) => None,
    });
    let common = CommonList::new(&store.config.base_path);
    let ids = store.ids_resource();
    let configured_min = store.config.min_password_length;
    // The configured minimum at once; raised when discovery has read the profile's `min_length`.
    let policy = Memo::new(move |_| password_policy(configured_min, ids.get()));
    let configured_format = store.config.username_format;
    let format = Signal::derive(move || username_format(configured_format, ids.get()));
    let sign_in_url = store.config.sign_in_url.clone();
    let return_to = store.config.return_to.as_deref().and_then(return_to::sanitize);
    let now = use_ticking_now();

    let submitter = Rc::new(Submitter::new(store.clone(), common, text));
    let action = Action::new_local(move |input: &SubmitInput| {
        let (submitter, input) = (Rc::clone(&submitter), input.clone());
        async move { submitter.run(input).await }
    });
    let new_link = {
        let store = store.clone();
        Action::new_local(move |username: &String| {
            let (store, username) = (store.clone(), username.clone());
            async move { store.request_reset_link(&username).await }
        })
    };

    // A result is shown until the shopper leaves its view (e.g. "enter the code from the new e-mail").
    let (dismissed, set_dismissed) = signal(0usize);
    let version = action.version();
    let value = action.value();
    let result = Memo::new(move |_| if version.get() > dismissed.get() { value.get() } else { None });
    let view_state = Memo::new(move |_| result.with(|r| PageView::from_result(r.as_ref())));
    let rate_wait = Signal::derive(move || match result.get() {
        Some(SubmitResult::Outcome { retry_at_ms: Some(at), .. }) => secs_until(at, now.get()),
        _ => 0,
    });

    let policy_username = move || match start.get() {
        Start::Link(link) => link.username,
        Start::Typed { .. } => state.username.get(),
    };
    let report = Memo::new(move |_| {
        let username = policy_username();
        let current = policy.get();
        state.password.with(|password| {
            state.confirmation.with(|confirmation| {
                common.with(|list| {
                    current.evaluate(&PasswordInput {
                        password,
                        confirmation,
                        username: &username,
                        common: list,
                    })
                })
            })
        })
    });

    let enter_code = Callback::new(move |()| {
        let username = match view_state.get_untracked() {
            PageView::Expired(username) => username,
            _ => String::new(),
        };
        let ids = match start.get_untracked() {
            Start::Link(link) => link.ids,
            Start::Typed { ids, .. } => ids,
        };
        state.username.set(username.clone());
        state.code.set(String::new());
        state.attempted.set(false);
        set_start.set(Start::Typed { username: Some(username), ids, broken: false });
        set_dismissed.set(version.get_untracked());
    });

    // Focus follows each new state: the heading of a new view, the notice over the kept form, or the
    // first field to fix.
    let root = NodeRef::<html::Main>::new();
    Effect::new(move |previous: Option<PageView>| {
        let current = view_state.get();
        let answer = result.get();
        if previous.is_some() {
            let selector = match (&current, &answer) {
                (PageView::Form, Some(SubmitResult::Invalid(_))) => "[aria-invalid=true]".to_owned(),
                (PageView::Form, Some(_)) => format!("#{NOTICE_ID}:not([hidden])"),
                (PageView::Form, None) => format!("#{USERNAME_ID}:not([readonly]), #{NEW_PASSWORD_ID}"),
                _ => "h1".to_owned(),
            };
            request_animation_frame(move || focus_within(root, &selector));
        }
        current
    });

    // The one polite live region: one announcement per state, never per countdown tick.
    let announcement = move || match view_state.get() {
        // The notice as the form shows it, but never "wait 0 seconds": a wait is announced as it starts.
        PageView::Form => result
            .get()
            .and_then(|result| notice_message(messages, &result, rate_wait.get_untracked().max(1))),
        PageView::Done => Some(format!("{} {}", text.done_heading, text.done_body)),
        PageView::Expired(_) => Some(
            new_link
                .value()
                .get()
                .and_then(|o| new_link_message(messages, o, now_ms()))
                .unwrap_or_else(|| text.expired_heading.to_owned()),
        ),
        view => Some(view.heading(text).to_owned()),
    };

    let intro = move || match start.get() {
        Start::Link(link) => view! {
            <p>{text.intro}</p>
            <p class="epr-account">{(text.for_account)(&link.username)}</p>
        }
        .into_any(),
        Start::Typed { broken, .. } => view! {
            {broken.then(|| view! { <p class="epr-notice" id="epr-broken-link">{text.broken_link}</p> })}
            <p>{text.typed_intro}</p>
        }
        .into_any(),
    };
    let body = move || match view_state.get() {
        PageView::Form => view! {
            {intro}
            <ResetForm
                start=start
                state=state
                policy=policy
                report=report
                format=format
                common=common
                action=action
                result=result
                rate_wait=rate_wait
            />
        }
        .into_any(),
        PageView::Done => {
            view! { <DoneView sign_in_url=sign_in_url.clone() return_to=return_to.clone()/> }.into_any()
        }
        PageView::Expired(username) => {
            view! { <ExpiredView request=new_link username=username on_enter_code=enter_code/> }.into_any()
        }
        PageView::Final(screen) => {
            let (body, offer_new_link) = match screen {
                Screen::NoAccount => (text.no_account_body, false),
                Screen::SelfManagementDisabled => (text.self_management_body, false),
                Screen::LinkIncomplete => (text.incomplete_body, true),
                _ => (text.failed_body, true),
            };
            view! { <FinalView body=body sign_in_url=sign_in_url.clone() offer_new_link=offer_new_link/> }
                .into_any()
        }
        PageView::NotConfigured(_) => ().into_any(),
    };
    let not_configured = move || match view_state.get() {
        PageView::NotConfigured(error) => Some(error),
        _ => None,
    };

    view! {
        <Show
            when=move || not_configured().is_none()
            fallback=move || {
                let problem = not_configured().map(messages.forgot.not_configured).into_iter().collect::<Vec<_>>();
                view! { <ConfigProblemPage problems=problem/> }
            }
        >
            <main class="epr-page" lang=messages.lang dir=messages.dir node_ref=root>
                <h1 tabindex="-1">{move || view_state.get().heading(text)}</h1>
                {body.clone()}
                <p role="status" aria-live="polite" class="epr-visually-hidden">{announcement}</p>
            </main>
        </Show>
    }
}
