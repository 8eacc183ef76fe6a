//! Finding the realm and the one-time-password profile when configuration omits them, with the
//! implicit token (as the sandbox's seed does): settings → realm; the realm's profiles → the single one
//! with `enable_one_time_password_token`. A configured profile is read on its own, for its `min_length`
//! and `username_format`; if that read fails, discovery still succeeds without them.

use super::{ConfiguredIds, EpApi};
use crate::api::ApiError;
use crate::api::dto::{AccountAuthenticationSettings, PasswordProfile, PasswordProfileList};
use crate::password_policy::PasswordPolicy;
use crate::resource_id::ResourceId;
use crate::username::UsernameFormat;

/// The ids the journeys need, and what the password profile says about its passwords.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The Account Management realm.
    pub realm: ResourceId,
    /// The password profile to use.
    pub password_profile_id: ResourceId,
    /// The profile's username format, when the profile could be read and names one.
    pub username_format: Option<UsernameFormat>,
    /// The profile's `min_length`, when it could be read and carries one (see
    /// [`PasswordPolicy::for_store`](crate::password_policy::PasswordPolicy::for_store)).
    pub min_password_length: Option<u32>,
}

/// Why discovery gave no answer. Every case except [`Self::Unavailable`] means "put the ids in the
/// configuration": the page shows its configuration message, never a broken form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiscoveryError {
    /// The store refused the reads (401, 403, other 4xx, or an unreadable answer).
    Refused(ApiError),
    /// Network, timeout, 429 or 5xx: try again later.
    Unavailable(ApiError),
    /// The settings name no realm (or an unusable id).
    NoRealm,
    /// No profile has one-time password tokens enabled.
    NoOtpProfile,
    /// More than one profile has them enabled; configuration must choose.
    AmbiguousProfiles {
        /// How many did.
        count: usize,
    },
}

/// Fills in whatever `configured` lacks: realm from the settings, profile from the realm's profiles. A
/// configured profile is read for its password rules, and any failure of that read is ignored.
pub async fn discover(api: &impl EpApi, configured: &ConfiguredIds) -> Result<Discovered, DiscoveryError> {
    let realm = match &configured.realm {
        Some(realm) => realm.clone(),
        None => pick_realm(&api.account_authentication_settings().await.map_err(classify)?.data)?,
    };
    let (password_profile_id, profile) = match &configured.password_profile_id {
        Some(id) => (id.clone(), api.password_profile(&realm, id).await.ok().map(|read| read.data)),
        None => {
            let profile = pick_profile(&api.password_profiles(&realm).await.map_err(classify)?)?;
            let id = profile.id.as_deref().and_then(ResourceId::parse).ok_or(DiscoveryError::NoOtpProfile)?;
            (id, Some(profile))
        }
    };
    Ok(Discovered {
        realm,
        password_profile_id,
        username_format: profile.as_ref().and_then(|p| p.username_format),
        min_password_length: profile.and_then(|p| p.min_length),
    })
}

/// The realm named by the settings.
pub fn pick_realm(settings: &AccountAuthenticationSettings) -> Result<ResourceId, DiscoveryError> {
    settings.realm_id().and_then(ResourceId::parse).ok_or(DiscoveryError::NoRealm)
}

/// The single profile with one-time password tokens enabled.
pub fn pick_profile(profiles: &PasswordProfileList) -> Result<PasswordProfile, DiscoveryError> {
    let enabled: Vec<_> = profiles.data.iter().filter(|p| p.otp_enabled()).collect();
    match enabled.as_slice() {
        [] => Err(DiscoveryError::NoOtpProfile),
        [only] => Ok((*only).clone()),
        many => Err(DiscoveryError::AmbiguousProfiles { count: many.len() }),
    }
}

/// The usernames' format: configured, else the discovered profile's, else e-mail.
pub fn username_format(
    configured: Option<UsernameFormat>,
    discovered: Option<&Discovered>,
) -> UsernameFormat {
    configured.or(discovered.and_then(|ids| ids.username_format)).unwrap_or(UsernameFormat::Email)
}

/// The password policy: the configured minimum, raised to the password profile's `min_length` once
/// discovery has read it (never lowered; an unread profile leaves the configured minimum).
pub fn password_policy(configured_min: u32, discovered: Option<&Discovered>) -> PasswordPolicy {
    let profile_min = discovered.and_then(|ids| ids.min_password_length);
    PasswordPolicy::for_store(configured_min as usize, profile_min)
}

fn classify(error: ApiError) -> DiscoveryError {
    if error.is_transient() { DiscoveryError::Unavailable(error) } else { DiscoveryError::Refused(error) }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;
    use serde_json::{Value, json};

    use super::*;
    use crate::api::dto::{AccountAuthenticationSettingsResponse, PasswordProfileResponse};
    use crate::api::json::FromJson;
    use crate::flows::fake_api::{Call, FakeApi, body, id};

    fn settings(realm: Option<&str>) -> AccountAuthenticationSettingsResponse {
        let body = match realm {
            Some(realm) => format!(
                r#"{{"data":{{"relationships":{{"authentication_realm":{{"data":{{"id":"{realm}"}}}}}}}}}}"#
            ),
            None => r#"{"data":{}}"#.to_owned(),
        };
        AccountAuthenticationSettingsResponse::parse(&body).expect("test body")
    }

    fn profiles(entries: &[(&str, &str, bool)]) -> PasswordProfileList {
        let data: Vec<_> = entries
            .iter()
            .map(|(id, format, otp)| json!({"id": id, "username_format": format, "enable_one_time_password_token": otp}))
            .collect();
        body(json!({ "data": data }))
    }

    fn profile_list(data: Value) -> PasswordProfileList {
        body(json!({ "data": data }))
    }

    fn one_profile(data: Value) -> PasswordProfileResponse {
        body(json!({ "data": data, "links": {} }))
    }

    fn both_configured() -> ConfiguredIds {
        ConfiguredIds { realm: Some(id("r")), password_profile_id: Some(id("p")) }
    }

    #[test]
    fn discovers_both() {
        let api = FakeApi::default();
        api.settings.borrow_mut().push_back(Ok(settings(Some("realm-1"))));
        api.profiles
            .borrow_mut()
            .push_back(Ok(profiles(&[("p-off", "any", false), ("p-on", "email", true)])));
        let found = block_on(discover(&api, &ConfiguredIds::default()));
        assert_eq!(
            found,
            Ok(Discovered {
                realm: id("realm-1"),
                password_profile_id: id("p-on"),
                username_format: Some(UsernameFormat::Email),
                min_password_length: None,
            })
        );
        assert_eq!(api.calls(), [Call::Settings, Call::Profiles { realm: "realm-1".into() }]);
    }

    #[test]
    fn a_discovered_profile_brings_its_min_length() {
        let api = FakeApi::default();
        api.profiles.borrow_mut().push_back(Ok(profile_list(json!([
            {"id": "p-on", "type": "password_profile", "name": "x", "enable_one_time_password_token": true,
             "min_length": 12, "require_uppercase": true}
        ]))));
        let realm_only = ConfiguredIds { realm: Some(id("r")), password_profile_id: None };
        let found = block_on(discover(&api, &realm_only)).expect("found");
        assert_eq!(found.min_password_length, Some(12));
        assert_eq!(found.username_format, None, "no username_format: the app's own default applies");
        assert_eq!(api.calls(), [Call::Profiles { realm: "r".into() }]);
    }

    #[test]
    fn a_configured_profile_is_read_for_its_rules() {
        let api = FakeApi::default();
        api.profile.borrow_mut().push_back(Ok(one_profile(
            json!({"id": "p", "username_format": "any", "min_length": 10, "enable_one_time_password_token": true}),
        )));
        assert_eq!(
            block_on(discover(&api, &both_configured())),
            Ok(Discovered {
                realm: id("r"),
                password_profile_id: id("p"),
                username_format: Some(UsernameFormat::Any),
                min_password_length: Some(10),
            })
        );
        assert_eq!(api.calls(), [Call::Profile { realm: "r".into(), profile: "p".into() }]);
    }

    #[test]
    fn a_configured_profile_is_read_in_the_discovered_realm() {
        let api = FakeApi::default();
        api.settings.borrow_mut().push_back(Ok(settings(Some("realm-1"))));
        api.profile.borrow_mut().push_back(Ok(one_profile(json!({"id": "p", "min_length": 9}))));
        let profile_only = ConfiguredIds { realm: None, password_profile_id: Some(id("p")) };
        let found = block_on(discover(&api, &profile_only)).expect("found");
        assert_eq!(found.min_password_length, Some(9));
        assert_eq!(
            api.calls(),
            [Call::Settings, Call::Profile { realm: "realm-1".into(), profile: "p".into() }]
        );
    }

    #[test]
    fn a_failed_profile_read_never_fails_discovery() {
        for error in [
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::NotFound,
            ApiError::Malformed,
            ApiError::Network,
            ApiError::Timeout,
            ApiError::RateLimited { retry_after: None },
            ApiError::Server { status: 500 },
        ] {
            let api = FakeApi::default();
            api.profile.borrow_mut().push_back(Err(error));
            assert_eq!(
                block_on(discover(&api, &both_configured())),
                Ok(Discovered {
                    realm: id("r"),
                    password_profile_id: id("p"),
                    username_format: None,
                    min_password_length: None,
                }),
                "{error:?}"
            );
        }
    }

    #[test]
    fn refused_vs_unavailable() {
        for (error, expected) in [
            (ApiError::Unauthorized, DiscoveryError::Refused(ApiError::Unauthorized)),
            (ApiError::Forbidden, DiscoveryError::Refused(ApiError::Forbidden)),
            (ApiError::Malformed, DiscoveryError::Refused(ApiError::Malformed)),
            (ApiError::Network, DiscoveryError::Unavailable(ApiError::Network)),
            (ApiError::Server { status: 500 }, DiscoveryError::Unavailable(ApiError::Server { status: 500 })),
        ] {
            let api = FakeApi::default();
            api.settings.borrow_mut().push_back(Err(error));
            assert_eq!(block_on(discover(&api, &ConfiguredIds::default())), Err(expected));
        }
        let api = FakeApi::default();
        api.settings.borrow_mut().push_back(Ok(settings(Some("realm-1"))));
        api.profiles.borrow_mut().push_back(Err(ApiError::Forbidden));
        assert_eq!(
            block_on(discover(&api, &ConfiguredIds::default())),
            Err(DiscoveryError::Refused(ApiError::Forbidden))
        );
    }

    #[test]
    fn the_username_format_and_minimum_length_follow_configuration_then_the_profile() {
        let found = |format, min| Discovered {
            realm: id("r"),
            password_profile_id: id("p"),
            username_format: format,
            min_password_length: min,
        };
        let any = found(Some(UsernameFormat::Any), Some(12));
        assert_eq!(username_format(None, None), UsernameFormat::Email);
        assert_eq!(username_format(None, Some(&any)), UsernameFormat::Any);
        assert_eq!(username_format(Some(UsernameFormat::Email), Some(&any)), UsernameFormat::Email);
        assert_eq!(username_format(None, Some(&found(None, None))), UsernameFormat::Email);
        assert_eq!(password_policy(8, None).min_len(), 8);
        assert_eq!(password_policy(8, Some(&any)).min_len(), 12);
        assert_eq!(password_policy(16, Some(&any)).min_len(), 16, "never lowered");
    }

    #[test]
    fn no_realm() {
        assert_eq!(pick_realm(&settings(None).data), Err(DiscoveryError::NoRealm));
        assert_eq!(pick_realm(&settings(Some("../x")).data), Err(DiscoveryError::NoRealm));
    }

    #[test]
    fn none_or_ambiguous_profiles() {
        let picked = |list: &PasswordProfileList| pick_profile(list).map(|p| p.id);
        assert_eq!(picked(&profiles(&[])), Err(DiscoveryError::NoOtpProfile));
        assert_eq!(picked(&profiles(&[("a", "any", false)])), Err(DiscoveryError::NoOtpProfile));
        assert_eq!(
            picked(&profiles(&[("a", "any", true), ("b", "email", true)])),
            Err(DiscoveryError::AmbiguousProfiles { count: 2 })
        );
        let api = FakeApi::default();
        api.profiles.borrow_mut().push_back(Ok(profiles(&[("a/b", "any", true)])));
        let realm_only = ConfiguredIds { realm: Some(id("r")), password_profile_id: None };
        assert_eq!(block_on(discover(&api, &realm_only)), Err(DiscoveryError::NoOtpProfile));
    }

    #[test]
    fn profile_entries_lacking_fields_or_carrying_null_are_read() {
        let list = profile_list(json!([
            {"id": "p-bare", "type": "password_profile", "name": "bare"},
            {"id": "p-null", "username_format": null, "enable_one_time_password_token": null, "min_length": null},
            {"id": "p-odd", "username_format": 3, "enable_one_time_password_token": "yes", "min_length": "10"},
            {"id": 42, "enable_one_time_password_token": true},
            null,
            {"id": "p-on", "enable_one_time_password_token": true}
        ]));
        // The enabled entry with an unreadable id still counts: configuration must choose.
        assert_eq!(pick_profile(&list).map(|p| p.id), Err(DiscoveryError::AmbiguousProfiles { count: 2 }));
        let read: Vec<_> = list
            .data
            .iter()
            .map(|p| (p.id.as_deref(), p.username_format, p.otp_enabled(), p.min_length))
            .collect();
        assert_eq!(
            read,
            [
                (Some("p-bare"), None, false, None),
                (Some("p-null"), None, false, None),
                (Some("p-odd"), None, false, None),
                (None, None, true, None),
                (Some("p-on"), None, true, None),
            ]
        );
    }

    #[test]
    fn min_length_present_absent_null_or_of_a_wrong_type() {
        for (min_length, expected) in [
            (json!(12), Some(12)),
            (json!(null), None),
            (json!("12"), None),
            (json!(12.5), None),
            (json!(-3), None),
            (json!({"value": 12}), None),
        ] {
            let read = one_profile(json!({"id": "p", "min_length": min_length}));
            assert_eq!(read.data.min_length, expected, "{min_length}");
        }
        assert_eq!(one_profile(json!({"id": "p"})).data.min_length, None);
    }
}
