//! The `one-time-password-token-request.created` event: one envelope per event, an e-mail in the
//! outbox, and a delivery to every enabled webhook integration observing the event.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::clock::iso8601;
use crate::crypto::new_id;
use crate::outbox;
use crate::state::{AppState, lock};
use crate::store::Integration;
use crate::webhooks::{self, Delivery};

/// The event's name (`triggered_by`, and what an integration `observes`).
pub const OTP_CREATED: &str = "one-time-password-token-request.created";

/// The integration the outbox's e-mails name in their envelope: the sandbox's built-in mailer, which
/// is no integration of the store (it exists even when the store has none).
const MAILER_INTEGRATION_ID: &str = "55555555-5555-4555-8555-555555555555";

/// What an OTP event is about.
#[derive(Debug, Clone)]
pub struct OtpEvent {
    /// The one-time password.
    pub otp: String,
    /// `reset_password` or `passwordless_authentication`.
    pub purpose: String,
    /// The Account Management realm.
    pub realm_id: String,
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

/// The parts of an envelope every recipient of one event shares.
struct Envelope {
    id: String,
    store_id: String,
    payload: Value,
}

impl Envelope {
    /// The envelope as `integration` receives it at `url`, first attempt. Like Elastic Path's documented
    /// envelope, its `configuration` repeats the `secret_key` (empty when none is set), so a receiver
    /// tested here learns not to log or store the body whole.
    fn for_integration(&self, integration: Value, url: &str, secret_key: &str) -> Value {
        json!({
            "id": self.id,
            "store_id": self.store_id,
            "triggered_by": OTP_CREATED,
            "attempt": 1,
            "integration": integration,
            "payload": self.payload,
            "configuration": { "url": url, "secret_key": secret_key },
        })
    }
}

fn integration_summary(integration: &Integration) -> Value {
    json!({
        "id": integration.id,
        "integration_type": integration.integration_type,
        "name": integration.name,
        "description": integration.description,
    })
}

/// Publishes an event: the e-mail goes into the outbox, and each enabled webhook integration observing
/// the event gets the envelope (same `id` for all of them) in the background.
pub fn publish(state: &Arc<AppState>, event: OtpEvent) {
    let now = iso8601(state.clock.now());
    let (store_id, recipients) = {
        let store = lock(&state.store);
        let recipients: Vec<(Value, String, _)> = store
            .integrations
            .iter()
            .filter_map(|i| {
                i.webhook_for(OTP_CREATED).map(|target| (integration_summary(i), i.id.clone(), target))
            })
            .collect();
        (store.store_id.clone(), recipients)
    };
    let envelope = Envelope {
        id: new_id(),
        store_id,
        payload: json!({
            "authentication_realm_id": event.realm_id,
            "created_at": now,
            "updated_at": now,
            "one_time_password_token": event.otp,
            "password_profile_id": event.password_profile_id,
            "purpose": event.purpose,
            "user_authentication_info": { "email": event.email, "id": event.user_id, "name": event.name },
            "user_authentication_password_profile_info": {
                "id": event.credential_id,
                "password_profile_id": event.password_profile_id,
                "username": event.username,
            },
        }),
    };
    let mailer = json!({
        "id": MAILER_INTEGRATION_ID,
        "integration_type": "webhook",
        "name": "One Time Password notification",
        "description": "Send one time password notification",
    });
    outbox::send(state, &event, &envelope.id, envelope.for_integration(mailer, "", ""), now);
    for (summary, integration_id, target) in recipients {
        let envelope =
            envelope.for_integration(summary, &target.url, target.secret_key.as_deref().unwrap_or_default());
        webhooks::spawn(state, Delivery { integration_id, target, envelope });
    }
}
