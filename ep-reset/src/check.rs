//! `ep-reset check`, the decisions: from what was read from the store, one line per item with ✓, ✗ and
//! the fix, or ℹ for information that needs no fix.

use std::fmt;

use crate::cors::{self, PreflightAnswer};
use crate::model::{Integration, OTP_EVENT, Profile, Settings};
use crate::probe::Reach;
use crate::urls;

/// What `check` read from the store and learnt from its probes.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// The account authentication settings.
    pub settings: Settings,
    /// The realm's password profiles (empty without a realm).
    pub profiles: Vec<Profile>,
    /// Every integration.
    pub integrations: Vec<Integration>,
    /// Reachability of the URLs [`urls_to_probe`] chose, by integration id.
    pub reach: Vec<(String, Reach)>,
    /// Whether the implicit token may read what the app discovers.
    pub implicit: ImplicitAccess,
    /// The CORS preflights, with `--origin`.
    pub cors: Option<CorsFindings>,
}

/// What the app's implicit token may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImplicitAccess {
    /// The settings and the password profiles.
    Allowed,
    /// The store refused the implicit token itself: the app cannot call the API at all.
    TokenRefused {
        /// The status of `POST /oauth/access_token`.
        status: u16,
    },
    /// The token was granted, but the store refused `call` with `status`: the app cannot discover the
    /// ids, so they must be pinned.
    ReadRefused {
        /// `METHOD path` that was refused.
        call: String,
        /// The status.
        status: u16,
    },
}

/// The preflights sent from one origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsFindings {
    /// The origin.
    pub origin: String,
    /// One preflight per call of the app.
    pub calls: Vec<CorsCall>,
}

/// One preflight and what it got (`Err`: no HTTP answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsCall {
    /// The method the app will send.
    pub method: &'static str,
    /// The path it will send it to.
    pub path: String,
    /// The request headers the app sends with it (what the preflight asked for).
    pub headers: &'static [&'static str],
    /// The answer, or why there was none.
    pub answer: Result<PreflightAnswer, String>,
}

/// The mark at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Ready.
    Pass,
    /// Not ready: the line carries the fix.
    Fail,
    /// Information, not a failure.
    Info,
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// ✓, ✗ or ℹ.
    pub mark: Mark,
    /// What was found.
    pub text: String,
    /// What to do, for ✗.
    pub fix: Option<String>,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = match self.mark {
            Mark::Pass => '✓',
            Mark::Fail => '✗',
            Mark::Info => 'ℹ',
        };
        write!(f, "{mark} {}", self.text)?;
        if let Some(fix) = &self.fix {
            write!(f, " — fix: {fix}")?;
        }
        Ok(())
    }
}

fn pass(text: String) -> Item {
    Item { mark: Mark::Pass, text, fix: None }
}

fn fail(text: String, fix: String) -> Item {
    Item { mark: Mark::Fail, text, fix: Some(fix) }
}

fn info(text: String) -> Item {
    Item { mark: Mark::Info, text, fix: None }
}

/// The set-up command named in fixes.
const SETUP: &str = "run `ep-reset setup --webhook-url URL`";
/// The same, naming the profile option.
const SETUP_WITH_PROFILE: &str = "run `ep-reset setup --webhook-url URL [--profile-name NAME]`";

/// Whether every item passed (ℹ lines do not count against readiness).
pub fn is_ready(items: &[Item]) -> bool {
    items.iter().all(|item| item.mark != Mark::Fail)
}

/// The integrations whose URL `check` should probe: enabled webhooks for the event with an acceptable URL.
pub fn urls_to_probe(integrations: &[Integration]) -> Vec<(String, String)> {
    integrations
        .iter()
        .filter(|i| i.enabled && i.observes_otp() && i.is_webhook())
        .filter_map(|i| {
            i.url.as_ref().filter(|url| urls::secure_url(url).is_ok()).map(|url| (i.id.clone(), url.clone()))
        })
        .collect()
}

/// The report, in a fixed order.
pub fn items(findings: &Findings) -> Vec<Item> {
    let mut items = vec![
        realm_item(&findings.settings),
        self_management_item(&findings.settings),
        profile_item(findings),
        integration_item(findings),
        implicit_item(findings),
    ];
    if let Some(cors) = &findings.cors {
        items.push(cors_item(cors));
    }
    items
}

fn realm_item(settings: &Settings) -> Item {
    match &settings.realm_id {
        Some(realm) => pass(format!("authentication realm {realm}")),
        None => fail(
            "the account authentication settings name no authentication realm".into(),
            "enable Account Management for the store in Commerce Manager, then run check again".into(),
        ),
    }
}

fn self_management_item(settings: &Settings) -> Item {
    match settings.self_management.as_deref() {
        Some("update_only") => pass("account_member_self_management is update_only".into()),
        other => fail(
            format!(
                "account_member_self_management is {} (shoppers cannot set a new password)",
                other.map_or("not set".to_string(), |v| format!("\"{v}\""))
            ),
            format!(
                "{SETUP}, or PUT /v2/settings/account-authentication with account_member_self_management \"update_only\""
            ),
        ),
    }
}

/// The profiles with one-time password tokens enabled.
pub fn otp_profiles(profiles: &[Profile]) -> Vec<&Profile> {
    profiles.iter().filter(|p| p.otp_enabled).collect()
}

fn profile_item(findings: &Findings) -> Item {
    if findings.settings.realm_id.is_none() {
        return fail(
            "password profiles cannot be read without a realm".into(),
            "fix the realm first (see above)".into(),
        );
    }
    let enabled = otp_profiles(&findings.profiles);
    let Some(first) = enabled.first() else {
        return fail(
            format!(
                "no password profile has one-time password tokens enabled ({} profile{} in the realm)",
                findings.profiles.len(),
                if findings.profiles.len() == 1 { "" } else { "s" }
            ),
            format!(
                "{SETUP_WITH_PROFILE}, or PUT …/password-profiles/:id with enable_one_time_password_token true"
            ),
        );
    };
    let format = first.username_format.as_deref().unwrap_or("not set");
    let min_length = first.min_length.map_or("not set".to_string(), |n| n.to_string());
    let others = match enabled.len() {
        1 => String::new(),
        n => format!(" ({n} profiles have them enabled)"),
    };
    pass(format!(
        "password profile {} has one-time password tokens enabled: username_format {format}, min_length {min_length}{others}",
        first.label()
    ))
}

/// The status an enabled webhook's URL answered, or why it would not deliver (what is wrong, the fix).
fn webhook_delivery(integration: &Integration, reach: &[(String, Reach)]) -> Result<u16, (String, String)> {
    let label = integration.label();
    let retarget = format!("{SETUP} to point it at your receiver");
    let Some(url) = &integration.url else {
        return Err((format!("integration {label} has no configuration.url"), retarget));
    };
    if let Err(problem) = urls::secure_url(url) {
        return Err((format!("integration {label} sends to {url}, which {problem}"), retarget));
    }
    match reach.iter().find(|(id, _)| *id == integration.id).map(|(_, r)| r) {
        Some(Reach::Answered(status)) => Ok(*status),
        Some(Reach::Failed(reason)) => Err((
            format!("integration {label} sends to {url}, which did not answer ({reason})"),
            format!("deploy the receiver at that URL, or {SETUP}"),
        )),
        None => Err((format!("integration {label} sends to {url}, which was not probed"), retarget)),
    }
}

/// Ready when one enabled integration observing the event would deliver; otherwise the first problem.
fn integration_item(findings: &Findings) -> Item {
    let observing: Vec<&Integration> = findings.integrations.iter().filter(|i| i.observes_otp()).collect();
    let enabled: Vec<&Integration> = observing.iter().copied().filter(|i| i.enabled).collect();
    let Some(first) = observing.first() else {
        return fail(
            format!("no integration observes {OTP_EVENT} (no reset e-mail is sent)"),
            format!("{SETUP} (POST /v2/integrations)"),
        );
    };
    if enabled.is_empty() {
        return fail(
            format!("integration {} observes {OTP_EVENT} but is disabled", first.label()),
            format!("{SETUP}, or PUT /v2/integrations/{} with enabled true", first.id),
        );
    }
    let several = match enabled.len() {
        1 => String::new(),
        n => format!(" ({n} enabled integrations observe it: a shopper may get {n} e-mails)"),
    };
    let mut first_problem = None;
    for integration in &enabled {
        if !integration.is_webhook() {
            let kind = integration.integration_type.as_deref().unwrap_or("unknown type");
            return pass(format!(
                "integration {} ({kind}) observes {OTP_EVENT}; its delivery is not probed{several}",
                integration.label()
            ));
        }
        match webhook_delivery(integration, &findings.reach) {
            Ok(status) => {
                let url = integration.url.as_deref().unwrap_or_default();
                return pass(format!(
                    "integration {} sends {OTP_EVENT} to {url} (reachable: answered {status}){several}",
                    integration.label()
                ));
            }
            Err(problem) => {
                first_problem.get_or_insert(problem);
            }
        }
    }
    let (text, fix) = first_problem.unwrap_or_default();
    fail(text, fix)
}

fn implicit_item(findings: &Findings) -> Item {
    let realm = findings.settings.realm_id.as_deref().unwrap_or("<realm id>");
    let enabled = otp_profiles(&findings.profiles);
    let profile = match enabled.as_slice() {
        [only] => only.id.clone(),
        _ => "<password profile id>".into(),
    };
    match &findings.implicit {
        ImplicitAccess::TokenRefused { status } => fail(
            format!(
                "the store refused an implicit token for EPCC_CLIENT_ID ({status} on POST /oauth/access_token): the app, which needs one for every call, cannot work with this client id"
            ),
            "check EPCC_CLIENT_ID, and that the store has an application key whose client id may get implicit tokens (Commerce Manager › API keys); that client id goes into the client-id attribute of <ep-password-reset>".into(),
        ),
        ImplicitAccess::ReadRefused { call, status } => info(format!(
            "the implicit token may not read what the app discovers ({status} on {call}): pin realm-id=\"{realm}\" and password-profile-id=\"{profile}\" on the <ep-password-reset> element"
        )),
        ImplicitAccess::Allowed if enabled.len() > 1 => info(format!(
            "the implicit token may read the settings, but {} profiles have one-time password tokens enabled: pin password-profile-id (the app will not guess)",
            enabled.len()
        )),
        ImplicitAccess::Allowed => pass(
            "the implicit token may read the settings and password profiles: realm-id and password-profile-id may be left out (the app discovers them)".into(),
        ),
    }
}

fn cors_item(cors: &CorsFindings) -> Item {
    for call in &cors.calls {
        let problems = match &call.answer {
            Ok(answer) => cors::problems(answer, &cors.origin, call.method, call.headers),
            Err(reason) => vec![format!("no answer ({reason})")],
        };
        if !problems.is_empty() {
            return fail(
                format!("CORS preflight from {} for {} {}: {}", cors.origin, call.method, call.path, problems.join("; ")),
                "the app cannot call the API from this origin: serve it from an origin the store allows, or ask Elastic Path support to allow this origin and these headers".into(),
            );
        }
    }
    let methods: Vec<&str> =
        cors.calls.iter().map(|c| c.method).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    let headers: Vec<&str> = cors::APP_HEADERS
        .into_iter()
        .filter(|header| cors.calls.iter().any(|c| c.headers.contains(header)))
        .collect();
    let count = cors.calls.len();
    pass(format!(
        "CORS preflight from {}: {count} call{} ({}) with {} allowed",
        cors.origin,
        if count == 1 { "" } else { "s" },
        methods.join(", "),
        headers.join(", ")
    ))
}

#[cfg(test)]
mod tests;
