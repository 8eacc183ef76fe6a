//! The e-mail outbox and the webhook: what a store's integration does with an OTP event.

use std::sync::Arc;

use ep_reset_link::ResetLinkParams;
use serde::Serialize;
use serde_json::{Value, json};

use crate::clock::iso8601;
use crate::crypto::new_id;
use crate::state::{AppState, lock};

/// The integration id the sandbox's events name.
const INTEGRATION_ID: &str = "55555555-5555-4555-8555-555555555555";

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

/// What an OTP event is about.
#[derive(Debug, Clone)]
pub struct OtpEvent {
    /// The one-time password.
    pub otp: String,
    /// `reset_password` or `passwordless_authentication`.
    pub purpose: String,
    /// The password profile.
    pub password_profile_id: String,
    /// The credential's id.
    pub credential_id: String,
    /// The credential's username.
    pub username: String,
    /// The user's id.
    pub user_id: String,
    /// The user's name.
    pub name: String,
    /// The user's e-mail.
    pub email: String,
}

/// Builds the event envelope and the e-mail, stores the e-mail and, if configured, POSTs the envelope
/// to the webhook in the background.
pub fn deliver(state: &Arc<AppState>, event: OtpEvent) {
    let now = iso8601(state.clock.now());
    let (store_id, realm_id) = {
        let store = lock(&state.store);
        (store.store_id.clone(), store.realm_id.clone())
    };
    let id = new_id();
    let envelope = json!({
        "id": id,
        "store_id": store_id,
        "triggered_by": "one-time-password-token-request.created",
        "attempt": 1,
        "integration": {
            "id": INTEGRATION_ID,
            "integration_type": "webhook",
            "name": "One Time Password notification",
            "description": "Send one time password notification",
        },
        "payload": {
            "authentication_realm_id": realm_id,
            "created_at": now,
            "updated_at": now,
            "one_time_password_token": event.otp,
            "password_profile_id": event.password_profile_id,
            "purpose": event.purpose,
            "user_authentication_info": {
                "email": event.email,
                "id": event.user_id,
                "name": event.name,
            },
            "user_authentication_password_profile_info": {
                "id": event.credential_id,
                "password_profile_id": event.password_profile_id,
                "username": event.username,
            },
        },
        "configuration": {
            "url": state.config.webhook_url.clone().unwrap_or_default(),
            "secret_key": "",
        },
    });
    let link = ResetLinkParams {
        username: event.username.clone(),
        token: event.otp.clone(),
        password_profile_id: Some(event.password_profile_id.clone()),
        authentication_realm_id: Some(realm_id),
        user_authentication_password_profile_info_id: Some(event.credential_id.clone()),
    }
    .build(&state.app_url);
    lock(&state.outbox).push(Email {
        id,
        to: event.email,
        username: event.username,
        otp: event.otp,
        link,
        event: envelope.clone(),
        created_at: now,
    });
    if let Some(url) = state.config.webhook_url.clone() {
        let state = Arc::clone(state);
        tokio::spawn(async move { post_webhook(&state, &url, &envelope).await });
    }
}

/// POSTs the envelope once (no retries), with `X-MOLTIN-SECRET-KEY` when a secret is set.
async fn post_webhook(state: &AppState, url: &str, envelope: &Value) {
    let mut request = state.http.post(url).json(envelope);
    if let Some(secret) = &state.config.webhook_secret {
        request = request.header("X-MOLTIN-SECRET-KEY", secret);
    }
    let outcome = match request.send().await {
        Ok(response) => response.status().as_u16().to_string(),
        Err(error) if error.is_timeout() => "timed out".to_string(),
        Err(_) => "failed (connection error)".to_string(),
    };
    if state.config.log_requests {
        eprintln!("ep-sandbox webhook one-time-password-token-request.created -> {outcome}");
    }
}
