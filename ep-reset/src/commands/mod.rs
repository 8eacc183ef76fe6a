//! The two commands: read the store, decide (in [`crate::check`] and [`crate::plan`]), print, write.

pub mod check;
pub mod setup;

use crate::api::StoreApi;
use crate::error::ResetError;
use crate::model::{self, Integration, Profile, Settings};
use crate::paths;

/// Settings, the realm's profiles and every integration: what both commands read first.
fn read_store(api: &StoreApi) -> Result<(Settings, Vec<Profile>, Vec<Integration>), ResetError> {
    let settings = api.get(paths::SETTINGS, model::settings)?;
    let profiles = match &settings.realm_id {
        Some(realm) => api.get_all(&paths::profiles(realm), &[], model::profiles)?,
        None => Vec::new(),
    };
    let integrations = api.get_all(paths::INTEGRATIONS, &[], model::integrations)?;
    Ok((settings, profiles, integrations))
}
