//! The events the element tells its host page about, decided from the pages' view models.
//!
//! Five names, fixed for hosts to listen to: `ep-reset-ready`, `ep-reset-link-sent`,
//! `ep-reset-password-changed`, `ep-reset-link-expired` and `ep-reset-error` (with a short stable
//! [`ErrorCode`]). An event carries nothing else: never the username, the code, a password or a token,
//! and the link events say the same whether or not the account exists.

use crate::config::{Config, ConfigError};
use crate::flows::reset_flow::{FinalReason, Notice};
use crate::session::forgot::{ForgotScreen, ForgotView};
use crate::session::link_request::{LinkRequestView, LinkSentence};
use crate::session::reset::ChangeView;

/// One event for the host page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostEvent {
    /// The element shows its first view, configured.
    Ready,
    /// The neutral "a link is on its way" (whether or not the account exists).
    LinkSent,
    /// The password was changed.
    PasswordChanged,
    /// The link's code was expired, used or wrong.
    LinkExpired,
    /// Something failed; the code says what.
    Error(ErrorCode),
}

/// What failed, as `detail.code` of `ep-reset-error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The element's attributes are unusable.
    Configuration,
    /// The store's realm or password profile could not be determined.
    NotConfigured,
    /// The store could not be reached.
    Network,
    /// The store failed (5xx).
    Server,
    /// The store asked to wait (429).
    RateLimited,
    /// The store refused the new password.
    PasswordRejected,
    /// The store refused the update for another reason.
    UpdateRefused,
    /// The link's account has no password credential.
    NoAccount,
    /// The store does not let shoppers change their own password.
    SelfManagementDisabled,
    /// The link lacks something the reset needs.
    LinkIncomplete,
    /// The reset failed for good.
    Failed,
    /// The element is in no document shown in a window (a `<template>`'s content, say): nothing mounted.
    NoDocument,
}

impl ErrorCode {
    /// The stable string hosts switch on.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Configuration => "configuration",
            Self::NotConfigured => "not-configured",
            Self::Network => "network",
            Self::Server => "server",
            Self::RateLimited => "rate-limited",
            Self::PasswordRejected => "password-rejected",
            Self::UpdateRefused => "update-refused",
            Self::NoAccount => "no-account",
            Self::SelfManagementDisabled => "self-management-disabled",
            Self::LinkIncomplete => "link-incomplete",
            Self::Failed => "failed",
            Self::NoDocument => "no-document",
        }
    }
}

impl HostEvent {
    /// The DOM event's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ready => "ep-reset-ready",
            Self::LinkSent => "ep-reset-link-sent",
            Self::PasswordChanged => "ep-reset-password-changed",
            Self::LinkExpired => "ep-reset-link-expired",
            Self::Error(_) => "ep-reset-error",
        }
    }

    /// `detail.code`, for errors only.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Self::Error(code) => Some(code.as_str()),
            _ => None,
        }
    }

    /// Once mounted: ready, or the configuration problem.
    pub fn on_mount(config: &Result<Config, Vec<ConfigError>>) -> Self {
        if config.is_ok() { Self::Ready } else { Self::Error(ErrorCode::Configuration) }
    }

    /// After the forgot-password page's request was answered, or discovery ended.
    pub fn of_forgot(view: &ForgotView) -> Option<Self> {
        match &view.screen {
            ForgotScreen::NotConfigured(_) => Some(Self::Error(ErrorCode::NotConfigured)),
            ForgotScreen::Sent { .. } => Some(Self::LinkSent),
            ForgotScreen::Form { link, .. } => Self::of_link_request(link),
        }
    }

    /// After a "send me a link" button was answered: its sentence (nothing for a cooldown, which sent
    /// nothing new).
    pub fn of_link_request(view: &LinkRequestView) -> Option<Self> {
        Some(match view.sentence? {
            LinkSentence::Sent => Self::LinkSent,
            LinkSentence::CoolingDown { .. } => return None,
            LinkSentence::Network => Self::Error(ErrorCode::Network),
            LinkSentence::Server => Self::Error(ErrorCode::Server),
            LinkSentence::RateLimited { .. } => Self::Error(ErrorCode::RateLimited),
        })
    }

    /// After the change-password page changed: a submit was answered, or the expired view's link
    /// request was. A form without a notice (input to fix, nothing sent) says nothing.
    pub fn of_change(view: &ChangeView) -> Option<Self> {
        match view {
            ChangeView::Form(form) => form.notice.map(|notice| {
                Self::Error(match notice.notice {
                    Notice::Network => ErrorCode::Network,
                    Notice::Server => ErrorCode::Server,
                    Notice::RateLimited => ErrorCode::RateLimited,
                    Notice::Rejected => ErrorCode::PasswordRejected,
                    Notice::UpdateRefused => ErrorCode::UpdateRefused,
                })
            }),
            ChangeView::Done => Some(Self::PasswordChanged),
            ChangeView::Expired(expired) => match expired.link.sentence {
                None => Some(Self::LinkExpired),
                Some(_) => Self::of_link_request(&expired.link),
            },
            ChangeView::Final(reason) => Some(Self::Error(match reason {
                FinalReason::NoAccount => ErrorCode::NoAccount,
                FinalReason::SelfManagementDisabled => ErrorCode::SelfManagementDisabled,
                FinalReason::LinkIncomplete => ErrorCode::LinkIncomplete,
                FinalReason::Failed => ErrorCode::Failed,
            })),
            ChangeView::NotConfigured(_) => Some(Self::Error(ErrorCode::NotConfigured)),
        }
    }
}

#[cfg(test)]
mod tests;
