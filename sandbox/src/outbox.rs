//! The e-mail outbox: what the sandbox's built-in mailer "sends" for each OTP event.

use ep_reset_link::ResetLinkParams;
use serde::Serialize;
use serde_json::Value;

use crate::events::OtpEvent;
use crate::state::{AppState, lock};

/// One "sent" e-mail.
#[derive(Debug, Clone, Serialize)]
pub struct Email {
    /// The e-mail's id (the event envelope's id).
    pub id: String,
    /// Recipient: the user authentication info's e-mail.
    pub to: String,
    /// The credential's username.
    pub username: String,
    /// The one-time password.
    pub otp: String,
    /// The reset link, built with [`ResetLinkParams::build`].
    pub link: String,
    /// The `one-time-password-token-request.created` event envelope.
    pub event: Value,
    /// When it was sent (RFC 3339, sandbox clock).
    pub created_at: String,
}

/// Puts the e-mail for `event` into the outbox, with the reset link built for the app and the
/// envelope (whose id is `id`) the sandbox's mailer received.
pub fn send(state: &AppState, event: &OtpEvent, id: &str, envelope: Value, created_at: String) {
    let link = ResetLinkParams {
        username: event.username.clone(),
        token: event.otp.clone(),
        password_profile_id: Some(event.password_profile_id.clone()),
        authentication_realm_id: Some(event.realm_id.clone()),
        user_authentication_password_profile_info_id: Some(event.credential_id.clone()),
        locale: None,
    }
    .build(&state.app_url);
    // A full outbox drops its oldest e-mail.
    lock(&state.outbox).push(Email {
        id: id.to_string(),
        to: event.email.clone(),
        username: event.username.clone(),
        otp: event.otp.clone(),
        link,
        event: envelope,
        created_at,
    });
}
