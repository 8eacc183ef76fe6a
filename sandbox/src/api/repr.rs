//! JSON representations of the store's resources, shaped as `docs/elastic-path-api.md` (sections 3–4)
//! describes them.

use serde_json::{Value, json};

use super::extract::Page;
use crate::clock::iso8601;
use crate::store::{Credential, Integration, PasswordProfile, Settings, User};

/// `{"data": …, "links": {"self": …}}`.
pub fn single(data: Value, self_link: &str) -> Value {
    json!({ "data": data, "links": { "self": self_link } })
}

/// A paginated list of `total` items of which `items` is the current page.
pub fn list(items: Vec<Value>, page: Page, total: usize, base_link: &str) -> Value {
    let pages = total.div_ceil(page.limit).max(1);
    let current = page.offset / page.limit + 1;
    let link = |offset: usize| format!("{base_link}?page[offset]={offset}&page[limit]={}", page.limit);
    let last_offset = (pages - 1) * page.limit;
    json!({
        "data": items,
        "meta": {
            "page": { "limit": page.limit, "offset": page.offset, "current": current, "total": pages },
            "results": { "total": total },
        },
        "links": {
            "current": link(page.offset),
            "first": link(0),
            "last": link(last_offset),
            "next": (page.offset + page.limit < total).then(|| link(page.offset + page.limit)),
            "prev": (page.offset > 0).then(|| link(page.offset.saturating_sub(page.limit))),
        },
    })
}

/// Link to the realm resource.
pub fn realm_link(origin: &str, realm_id: &str) -> String {
    format!("{origin}/v2/authentication-realms/{realm_id}")
}

/// The account authentication settings object.
pub fn settings(settings: &Settings, realm_id: &str, origin: &str) -> Value {
    let self_link = format!("{origin}{}", super::SETTINGS);
    json!({
        "data": {
            "id": settings.id,
            "type": "account_authentication_settings",
            "enable_self_signup": settings.enable_self_signup,
            "auto_create_account_for_account_members": settings.auto_create_account_for_account_members,
            "account_member_self_management": settings.account_member_self_management,
            "account_management_authentication_token_timeout_secs": settings.token_timeout_secs,
            "relationships": { "authentication_realm": { "data": {
                "id": realm_id,
                "type": "authentication_realm",
                "links": { "self": realm_link(origin, realm_id) },
            } } },
            "meta": { "client_id": "account-management" },
            "links": { "self": self_link },
        },
        "links": { "self": self_link },
    })
}

/// A password profile's `data` object (`min_length` only when the profile sets one).
pub fn profile(profile: &PasswordProfile) -> Value {
    let mut data = json!({
        "id": profile.id,
        "type": "password_profile",
        "name": profile.name,
        "username_format": profile.username_format,
        "enable_one_time_password_token": profile.enable_one_time_password_token,
        "meta": { "created_at": iso8601(profile.created_at), "updated_at": iso8601(profile.updated_at) },
    });
    if let Some(min_length) = profile.min_length {
        data["min_length"] = min_length.into();
    }
    data
}

/// Link to a password profile.
pub fn profile_link(origin: &str, realm_id: &str, id: &str) -> String {
    format!("{}/password-profiles/{id}", realm_link(origin, realm_id))
}

/// A user authentication info's `data` object.
pub fn user(user: &User) -> Value {
    json!({
        "id": user.id,
        "type": "user_authentication_info",
        "name": user.name,
        "email": user.email,
        "meta": {
            "created_at": iso8601(user.created_at),
            "updated_at": iso8601(user.updated_at),
            "creation_status": "COMPLETE",
        },
    })
}

/// Link to the user collection or (with `id`) to one user.
pub fn user_link(origin: &str, realm_id: &str, id: Option<&str>) -> String {
    let base = format!("{}/user-authentication-info", realm_link(origin, realm_id));
    id.map_or(base.clone(), |id| format!("{base}/{id}"))
}

/// A password profile info's `data` object (never the password).
pub fn credential(credential: &Credential) -> Value {
    json!({
        "id": credential.id,
        "type": "user_authentication_password_profile_info",
        "username": credential.username,
        "password_profile_id": credential.password_profile_id,
        "meta": {
            "created_at": iso8601(credential.created_at),
            "updated_at": iso8601(credential.updated_at),
        },
    })
}

/// Link to a user's credentials or (with `id`) to one credential.
pub fn credential_link(origin: &str, realm_id: &str, user_id: &str, id: Option<&str>) -> String {
    let base =
        format!("{}/user-authentication-password-profile-info", user_link(origin, realm_id, Some(user_id)));
    id.map_or(base.clone(), |id| format!("{base}/{id}"))
}

/// An integration's `data` object: the `configuration` as stored but for its `secret_key`, which is
/// written, never read back (whoever holds an admin token still cannot learn the webhook's secret).
pub fn integration(integration: &Integration, origin: &str) -> Value {
    let mut configuration = integration.configuration.clone();
    configuration.remove("secret_key");
    json!({
        "id": integration.id,
        "type": "integration",
        "name": integration.name,
        "description": integration.description,
        "enabled": integration.enabled,
        "integration_type": integration.integration_type,
        "observes": integration.observes,
        "configuration": configuration,
        "meta": {
            "created_at": iso8601(integration.created_at),
            "updated_at": iso8601(integration.updated_at),
        },
        "links": { "self": integration_link(origin, Some(&integration.id)) },
    })
}

/// Link to the integration collection or (with `id`) to one integration.
pub fn integration_link(origin: &str, id: Option<&str>) -> String {
    let base = format!("{origin}{}", super::INTEGRATIONS);
    id.map_or(base.clone(), |id| format!("{base}/{id}"))
}
