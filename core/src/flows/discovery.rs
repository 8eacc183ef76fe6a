//! Finding the realm and the one-time-password profile when configuration omits them, with the
//! implicit token (as the sandbox's seed does): settings → realm; the realm's profiles → the single one
//! with `enable_one_time_password_token`.

use super::{ConfiguredIds, EpApi};
use crate::api::ApiError;
use crate::api::dto::{AccountAuthenticationSettings, PasswordProfileList};
use crate::resource_id::ResourceId;
use crate::username::UsernameFormat;

/// The ids the journeys need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The Account Management realm.
    pub realm: ResourceId,
    /// The password profile to use.
    pub password_profile_id: ResourceId,
    /// The profile's username format, when the profile was discovered (configuration knows its own).
    pub username_format: Option<UsernameFormat>,
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

/// Fills in whatever `configured` lacks: realm from the settings, profile from the realm's profiles.
pub async fn discover(api: &impl EpApi, configured: &ConfiguredIds) -> Result<Discovered, DiscoveryError> {
    let realm = match &configured.realm {
        Some(realm) => realm.clone(),
        None => pick_realm(&api.account_authentication_settings().await.map_err(classify)?.data)?,
    };
    let (password_profile_id, username_format) = match &configured.password_profile_id {
        Some(profile) => (profile.clone(), None),
        None => {
            let (profile, format) = pick_profile(&api.password_profiles(&realm).await.map_err(classify)?)?;
            (profile, Some(format))
        }
    };
    Ok(Discovered { realm, password_profile_id, username_format })
}

/// The realm named by the settings.
pub fn pick_realm(settings: &AccountAuthenticationSettings) -> Result<ResourceId, DiscoveryError> {
    settings.realm_id().and_then(ResourceId::parse).ok_or(DiscoveryError::NoRealm)
}

/// The single profile with one-time password tokens enabled, and its username format.
pub fn pick_profile(profiles: &PasswordProfileList) -> Result<(ResourceId, UsernameFormat), DiscoveryError> {
    let enabled: Vec<_> = profiles.data.iter().filter(|p| p.enable_one_time_password_token).collect();
    match enabled.as_slice() {
        [] => Err(DiscoveryError::NoOtpProfile),
        [only] => {
            let id = ResourceId::parse(&only.id).ok_or(DiscoveryError::NoOtpProfile)?;
            Ok((id, only.username_format))
        }
        many => Err(DiscoveryError::AmbiguousProfiles { count: many.len() }),
    }
}

fn classify(error: ApiError) -> DiscoveryError {
    if error.is_transient() { DiscoveryError::Unavailable(error) } else { DiscoveryError::Refused(error) }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;

    use super::*;
    use crate::api::dto::AccountAuthenticationSettingsResponse;
    use crate::flows::fake_api::{Call, FakeApi, id};

    fn settings(realm: Option<&str>) -> AccountAuthenticationSettingsResponse {
        let body = match realm {
            Some(realm) => format!(
                r#"{{"data":{{"relationships":{{"authentication_realm":{{"data":{{"id":"{realm}"}}}}}}}}}}"#
            ),
            None => r#"{"data":{}}"#.to_owned(),
        };
        serde_json::from_str(&body).expect("test body")
    }

    fn profiles(entries: &[(&str, &str, bool)]) -> PasswordProfileList {
        let data: Vec<_> = entries
            .iter()
            .map(|(id, format, otp)| serde_json::json!({"id": id, "username_format": format, "enable_one_time_password_token": otp}))
            .collect();
        serde_json::from_value(serde_json::json!({ "data": data })).expect("test body")
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
                username_format: Some(UsernameFormat::Email)
            })
        );
        assert_eq!(api.calls(), [Call::Settings, Call::Profiles { realm: "realm-1".into() }]);
    }

    #[test]
    fn configured_ids_skip_calls() {
        let api = FakeApi::default();
        let both = ConfiguredIds { realm: Some(id("r")), password_profile_id: Some(id("p")) };
        assert_eq!(
            block_on(discover(&api, &both)),
            Ok(Discovered { realm: id("r"), password_profile_id: id("p"), username_format: None })
        );
        assert!(api.calls().is_empty());

        api.profiles.borrow_mut().push_back(Ok(profiles(&[("p-on", "any", true)])));
        let realm_only = ConfiguredIds { realm: Some(id("r")), password_profile_id: None };
        assert!(block_on(discover(&api, &realm_only)).is_ok());
        assert_eq!(api.calls(), [Call::Profiles { realm: "r".into() }]);
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
    fn no_realm() {
        assert_eq!(pick_realm(&settings(None).data), Err(DiscoveryError::NoRealm));
        assert_eq!(pick_realm(&settings(Some("../x")).data), Err(DiscoveryError::NoRealm));
    }

    #[test]
    fn none_or_ambiguous_profiles() {
        assert_eq!(pick_profile(&profiles(&[])), Err(DiscoveryError::NoOtpProfile));
        assert_eq!(pick_profile(&profiles(&[("a", "any", false)])), Err(DiscoveryError::NoOtpProfile));
        assert_eq!(
            pick_profile(&profiles(&[("a", "any", true), ("b", "email", true)])),
            Err(DiscoveryError::AmbiguousProfiles { count: 2 })
        );
        assert_eq!(pick_profile(&profiles(&[("a/b", "any", true)])), Err(DiscoveryError::NoOtpProfile));
    }
}
