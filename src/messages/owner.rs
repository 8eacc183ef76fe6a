//! Text for the store owner: console hints and configuration problems. English in every locale: it
//! names attributes and API fields, and the store owner reads it, not the shopper.

use ep_reset_core::api::json::{JsonError, Kind, Problem};
use ep_reset_core::breach::Unreachable;
use ep_reset_core::config::{ConfigError, ConfigProblem};
use ep_reset_core::flows::discovery::DiscoveryError;
use ep_reset_core::flows::owner_hint::OwnerHint;

/// A console hint.
pub fn hint(hint: OwnerHint) -> String {
    format!("ep-password-reset (for the store owner): {}", owner_advice(hint))
}

/// Why the realm or profile could not be found.
pub fn not_configured(error: DiscoveryError) -> String {
    match error {
        DiscoveryError::Refused(_) => {
            "The store didn't let this page look up its settings: set realm-id and password-profile-id.".to_owned()
        }
        DiscoveryError::Unavailable(_) => "The store's settings couldn't be read just now.".to_owned(),
        DiscoveryError::NoRealm => "The store's settings name no authentication realm: set realm-id.".to_owned(),
        DiscoveryError::NoOtpProfile => {
            "No password profile has one-time password tokens enabled: enable them, or set password-profile-id.".to_owned()
        }
        DiscoveryError::AmbiguousProfiles { count } => {
            format!("{count} password profiles have one-time password tokens enabled: set password-profile-id.")
        }
    }
}

/// One sentence naming the attribute and saying what is wrong with it.
pub fn config_problem(error: &ConfigError) -> String {
    format!("The attribute {} {}.", error.attribute, describe(error.problem))
}

fn owner_advice(hint: OwnerHint) -> String {
    match hint {
        OwnerHint::OtpDisabled => "the store refused the request with either spelling of type (422); the password profile may have enable_one_time_password_token turned off.".to_owned(),
        OwnerHint::ImplicitTokenRefused => "the implicit token was refused: check client-id (401).".to_owned(),
        OwnerHint::NotPermitted => "this store does not let implicit tokens request codes (403).".to_owned(),
        OwnerHint::NotFound => {
            "the store answered 404: check realm-id and password-profile-id.".to_owned()
        }
        OwnerHint::Refused { status } => format!(
            "the store refused the request ({}).",
            status.map_or("no status".to_owned(), |status| status.to_string())
        ),
        OwnerHint::TypeAccepted(accepted) => format!(
            "the store refused the one-time-password request with type \"{}\" and accepted \"{}\"; this page sends \"{}\" first from now on.",
            accepted.other().as_str(),
            accepted.as_str(),
            accepted.as_str()
        ),
        OwnerHint::NoReadableAnswer => "the one-time-password request got no readable answer although the browser is online. A 429 or 5xx without CORS headers looks like this, so the page waits before the next try; check api-base, and that the API's error answers carry Access-Control-Allow-Origin.".to_owned(),
        OwnerHint::NoAccount => "the account member belongs to no account (token exchange returned data: []); turn on auto_create_account_for_account_members or add the member to an account.".to_owned(),
        OwnerHint::SelfManagementDisabled => "the password update was refused (403); set account_member_self_management to update_only in the account authentication settings.".to_owned(),
        OwnerHint::LinkIncomplete => "the member's password credential could not be found (or the profile has several and none has the link's username); put user_authentication_password_profile_info_id and password_profile_id in the e-mailed link.".to_owned(),
        OwnerHint::NoRealm => "no authentication realm in the link, the token or the configuration; set realm-id or put authentication_realm_id in the e-mailed link.".to_owned(),
        OwnerHint::LinkConflictsWithConfig => "the e-mailed link names a realm or password profile other than realm-id / password-profile-id.".to_owned(),
        OwnerHint::UpdateRefused => "the store refused the password update (400/422) for a reason other than the password (its error's source does not name data.password); see the request diagnostics above. \"Try again\" repeats the update with the same account-management token.".to_owned(),
        OwnerHint::Failed => "the password reset failed unexpectedly; see the request diagnostics above.".to_owned(),
        OwnerHint::BreachCheckUnreachable(why) => format!(
            "breach-check could not ask its service, so only the built-in list was checked: {}.",
            unreachable_cause(why)
        ),
    }
}

/// Why the breach check's service could not be asked, and what to do about it.
fn unreachable_cause(why: Unreachable) -> String {
    match why {
        Unreachable::Blocked => {
            "the page's Content-Security-Policy blocked it: add its origin to connect-src".to_owned()
        }
        Unreachable::Network => "the service did not answer (network, DNS or CORS)".to_owned(),
        Unreachable::Timeout => "the service did not answer in time".to_owned(),
        Unreachable::Status(0) => "the service redirected (never followed): use the final URL".to_owned(),
        Unreachable::Status(status) => format!("the service answered status {status}"),
        Unreachable::Malformed => "the service's answer was not SUFFIX:COUNT lines".to_owned(),
        Unreachable::NoDigest => "no WebCrypto SHA-1 here (it needs https:// or localhost)".to_owned(),
    }
}

/// The console hint for an answer that could not be read: which answer, which field, of which JSON
/// type; never a value ("… the answer to GET /v2/settings/account-authentication could not be read: data
/// is null where an object is needed; …").
pub fn unreadable_answer(error: &JsonError) -> String {
    let field = match error.field.path() {
        "" => "the whole answer",
        path => path,
    };
    let problem = match error.problem {
        Problem::NotJson => "is not JSON".to_owned(),
        Problem::Missing => "is missing".to_owned(),
        Problem::WrongType { expected, found } => {
            format!("is {} where {} is needed", kind(found), kind(expected))
        }
        Problem::NotAnId => "is not a usable id".to_owned(),
    };
    format!(
        "ep-password-reset (for the store owner): the answer to {} could not be read: {field} {problem}; check that api-base is the store's Elastic Path API and that nothing between rewrites its answers.",
        error.answer.call()
    )
}

fn kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Null => "null",
        Kind::Bool => "a boolean",
        Kind::Number => "a number",
        Kind::String => "a string",
        Kind::Array => "an array",
        Kind::Object => "an object",
    }
}

fn describe(problem: ConfigProblem) -> String {
    match problem {
        ConfigProblem::Missing => "is missing".to_owned(),
        ConfigProblem::NotHttpsUrl => {
            "must be an https:// URL (plain http:// only for 127.0.0.1 or localhost)".to_owned()
        }
        ConfigProblem::NotAPath => "must be a path starting with / (or an https:// URL)".to_owned(),
        ConfigProblem::BadIdentifier => "may only contain letters, digits, '-', '_' and '.'".to_owned(),
        ConfigProblem::OutOfRange { min, max } => format!("must be a whole number from {min} to {max}"),
        ConfigProblem::UnknownUsernameFormat => "must be \"email\" or \"any\"".to_owned(),
        ConfigProblem::UnknownView => "must be \"forgot\", \"change\" or \"auto\"".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use ep_reset_core::api::dto::{AccountAuthenticationSettingsResponse, ImplicitTokenResponse};
    use ep_reset_core::api::json::FromJson;

    use super::unreadable_answer;

    #[test]
    fn the_console_hint_names_the_answer_the_field_and_the_types_and_no_value() {
        let error = AccountAuthenticationSettingsResponse::parse(r#"{"data":null}"#).expect_err("refused");
        assert_eq!(
            unreadable_answer(&error),
            "ep-password-reset (for the store owner): the answer to GET /v2/settings/account-authentication \
             could not be read: data is null where an object is needed; check that api-base is the store's \
             Elastic Path API and that nothing between rewrites its answers."
        );
        let error =
            ImplicitTokenResponse::parse(r#"{"access_token":{"s3cr3t":"s3cr3t"}}"#).expect_err("refused");
        let hint = unreadable_answer(&error);
        assert!(
            hint.contains("POST /oauth/access_token")
                && hint.contains("access_token is an object where a string")
        );
        assert!(!hint.contains("s3cr3t"), "{hint}");
        let error = ImplicitTokenResponse::parse("<html>").expect_err("refused");
        assert!(unreadable_answer(&error).contains("the whole answer is not JSON"));
    }
}
