//! `ep-reset check`: read the store, probe the webhook and (with `--origin`) CORS, print the report.

use reqwest::Method;

use crate::api::StoreApi;
use crate::check::{self, CorsCall, CorsFindings, Findings, ImplicitAccess};
use crate::cors;
use crate::credentials::Credentials;
use crate::error::ResetError;
use crate::paths;
use crate::probe::Prober;

/// Stands for ids the app fills in at run time, in preflight paths.
const PLACEHOLDER_ID: &str = "00000000-0000-4000-8000-000000000000";

/// Runs the check (with preflights from `origin`, already normalised) and prints one line per item;
/// `Ok(true)` when the store is ready.
pub fn run(credentials: &Credentials, origin: Option<String>) -> Result<bool, ResetError> {
    let api = StoreApi::connect(credentials)?;
    let (settings, profiles, integrations) = super::read_store(&api)?;
    let prober = Prober::new()?;
    let reach =
        check::urls_to_probe(&integrations).into_iter().map(|(id, url)| (id, prober.reach(&url))).collect();
    let implicit = implicit_access(credentials, settings.realm_id.as_deref())?;
    let profile_id = match check::otp_profiles(&profiles).as_slice() {
        [only] => only.id.clone(),
        _ => PLACEHOLDER_ID.into(),
    };
    let realm = settings.realm_id.clone().unwrap_or_else(|| PLACEHOLDER_ID.into());
    let cors = origin.map(|origin| preflights(&prober, api.base_url(), origin, &realm, &profile_id));
    let findings = Findings { settings, profiles, integrations, reach, implicit, cors };
    let items = check::items(&findings);
    println!("ep-reset check: {}", api.base_url());
    for item in &items {
        println!("{item}");
    }
    let ready = check::is_ready(&items);
    let to_fix = items.iter().filter(|i| i.mark == check::Mark::Fail).count();
    if ready {
        println!("The store is ready for the password-reset app.");
    } else {
        println!(
            "The store is not ready: {to_fix} item{} to fix (✗ above).",
            if to_fix == 1 { "" } else { "s" }
        );
    }
    Ok(ready)
}

/// Whether the implicit token (what the app in the page gets) may read the settings and the profiles.
fn implicit_access(credentials: &Credentials, realm: Option<&str>) -> Result<ImplicitAccess, ResetError> {
    let api = match StoreApi::implicit(&credentials.base_url, &credentials.client_id)? {
        Ok(api) => api,
        Err(status) => return Ok(ImplicitAccess::TokenRefused { status }),
    };
    let mut reads = vec![paths::SETTINGS.to_string()];
    reads.extend(realm.map(paths::profiles));
    for path in reads {
        let answer = api.call(Method::GET, &path, &[], None)?;
        if !(200..300).contains(&answer.status) {
            return Ok(ImplicitAccess::ReadRefused { call: format!("GET {path}"), status: answer.status });
        }
    }
    Ok(ImplicitAccess::Allowed)
}

/// One preflight per call the app makes from the browser, each asking for the headers that call sends.
fn preflights(prober: &Prober, base_url: &str, origin: String, realm: &str, profile: &str) -> CorsFindings {
    let calls = cors::app_calls(realm, profile, PLACEHOLDER_ID, PLACEHOLDER_ID)
        .into_iter()
        .map(|call| {
            let url = format!("{base_url}{}", call.path);
            let answer = prober.preflight(&url, &origin, call.method, call.headers);
            CorsCall { method: call.method, path: call.path, headers: call.headers, answer }
        })
        .collect();
    CorsFindings { origin, calls }
}
