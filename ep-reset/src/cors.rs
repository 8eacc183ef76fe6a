//! Whether a CORS preflight answer lets the app (at an origin) make one of its API calls, and which
//! calls those are.

use crate::paths;

/// Request headers the app sends to the API.
pub const APP_HEADERS: [&str; 3] =
    ["Authorization", "Content-Type", "EP-Account-Management-Authentication-Token"];

/// What the app sends to read (the bearer token only).
const BEARER: &[&str] = &["Authorization"];
/// What it sends with a JSON body.
const BEARER_JSON: &[&str] = &["Authorization", "Content-Type"];
/// What it sends to read the member's own credentials.
const BEARER_MEMBER: &[&str] = &["Authorization", "EP-Account-Management-Authentication-Token"];

/// One call the app makes from the browser that needs a preflight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppCall {
    /// The method.
    pub method: &'static str,
    /// The path, relative to the API base.
    pub path: String,
    /// The request headers it sends that are not CORS-safelisted.
    pub headers: &'static [&'static str],
}

/// Every call of the app that a browser preflights, with the headers it sends, for `realm` and
/// `profile`; `user` and `credential` stand for the ids the app learns at run time. The implicit token
/// request is not among them: a urlencoded `POST` with safelisted headers goes without a preflight.
pub fn app_calls(realm: &str, profile: &str, user: &str, credential: &str) -> Vec<AppCall> {
    let call = |method, path, headers| AppCall { method, path, headers };
    vec![
        call("GET", paths::SETTINGS.to_string(), BEARER),
        call("GET", paths::profiles(realm), BEARER),
        call("GET", paths::profile(realm, profile), BEARER),
        call("POST", paths::otp_request(realm, profile), BEARER_JSON),
        call("POST", paths::MEMBER_TOKENS.to_string(), BEARER_JSON),
        call("GET", paths::credentials(realm, user), BEARER_MEMBER),
        call("PUT", paths::credential(realm, user, credential), &APP_HEADERS),
    ]
}

/// The parts of a preflight answer that decide.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PreflightAnswer {
    /// The status.
    pub status: u16,
    /// `Access-Control-Allow-Origin`.
    pub allow_origin: Option<String>,
    /// `Access-Control-Allow-Methods`.
    pub allow_methods: Option<String>,
    /// `Access-Control-Allow-Headers`.
    pub allow_headers: Option<String>,
}

fn listed(list: Option<&str>) -> Vec<String> {
    list.unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// What stops a browser at `origin` from sending `method` with `headers` after this preflight (empty:
/// nothing). Follows the Fetch standard: `*` allows any origin, method or header except `Authorization`.
pub fn problems(answer: &PreflightAnswer, origin: &str, method: &str, headers: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    if !(200..300).contains(&answer.status) {
        problems.push(format!("the preflight was answered {}", answer.status));
        return problems;
    }
    match answer.allow_origin.as_deref().map(str::trim) {
        Some("*") => {}
        Some(allowed) if allowed.eq_ignore_ascii_case(origin) => {}
        Some(other) => problems.push(format!("Access-Control-Allow-Origin is {other}, not {origin}")),
        None => problems.push("no Access-Control-Allow-Origin".into()),
    }
    let methods = listed(answer.allow_methods.as_deref());
    let safelisted = matches!(method, "GET" | "HEAD" | "POST");
    if !safelisted && !methods.iter().any(|m| m == "*" || m.eq_ignore_ascii_case(method)) {
        problems.push(format!("Access-Control-Allow-Methods lacks {method}"));
    }
    let allowed = listed(answer.allow_headers.as_deref());
    let missing: Vec<&str> = headers
        .iter()
        .copied()
        .filter(|header| {
            let lower = header.to_ascii_lowercase();
            let wildcard = allowed.iter().any(|a| a == "*") && lower != "authorization";
            !wildcard && !allowed.contains(&lower)
        })
        .collect();
    if !missing.is_empty() {
        problems.push(format!("Access-Control-Allow-Headers lacks {}", missing.join(", ")));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://shop.example";

    #[test]
    fn every_preflighted_call_of_the_app_is_listed_with_its_headers() {
        let calls = app_calls("r", "p", "u", "c");
        let listed: Vec<(&str, &str, &[&str])> =
            calls.iter().map(|c| (c.method, c.path.as_str(), c.headers)).collect();
        let member = ["Authorization", "EP-Account-Management-Authentication-Token"];
        assert_eq!(
            listed,
            [
                ("GET", "/v2/settings/account-authentication", &["Authorization"][..]),
                ("GET", "/v2/authentication-realms/r/password-profiles", &["Authorization"][..]),
                ("GET", "/v2/authentication-realms/r/password-profiles/p", &["Authorization"][..]),
                (
                    "POST",
                    "/v2/authentication-realms/r/password-profiles/p/one-time-password-token-request",
                    &["Authorization", "Content-Type"][..]
                ),
                ("POST", "/v2/account-members/tokens", &["Authorization", "Content-Type"][..]),
                (
                    "GET",
                    "/v2/authentication-realms/r/user-authentication-info/u/user-authentication-password-profile-info",
                    &member[..]
                ),
                (
                    "PUT",
                    "/v2/authentication-realms/r/user-authentication-info/u/user-authentication-password-profile-info/c",
                    &APP_HEADERS[..]
                ),
            ]
        );
    }

    #[test]
    fn a_call_is_judged_by_its_own_headers() {
        let no_member_header =
            PreflightAnswer { allow_headers: Some("Authorization, Content-Type".into()), ..sandbox_like() };
        let calls = app_calls("r", "p", "u", "c");
        let refused: Vec<&str> = calls
            .iter()
            .filter(|c| !problems(&no_member_header, ORIGIN, c.method, c.headers).is_empty())
            .map(|c| c.path.as_str())
            .collect();
        assert_eq!(refused.len(), 2, "the credential list and update: {refused:?}");
        assert!(refused.iter().all(|p| p.contains("user-authentication-password-profile-info")));
    }

    fn sandbox_like() -> PreflightAnswer {
        PreflightAnswer {
            status: 204,
            allow_origin: Some("*".into()),
            allow_methods: Some("GET, POST, PUT, DELETE, OPTIONS".into()),
            allow_headers: Some(
                "Authorization, Content-Type, EP-Account-Management-Authentication-Token".into(),
            ),
        }
    }

    #[test]
    fn an_open_api_allows_every_call() {
        for method in ["GET", "POST", "PUT"] {
            assert!(problems(&sandbox_like(), ORIGIN, method, &APP_HEADERS).is_empty(), "{method}");
        }
    }

    #[test]
    fn header_names_compare_case_insensitively() {
        let answer = PreflightAnswer {
            allow_headers: Some(
                "authorization,content-type,ep-account-management-authentication-token".into(),
            ),
            ..sandbox_like()
        };
        assert!(problems(&answer, ORIGIN, "PUT", &APP_HEADERS).is_empty());
    }

    #[test]
    fn a_wildcard_does_not_cover_authorization() {
        let answer = PreflightAnswer { allow_headers: Some("*".into()), ..sandbox_like() };
        assert_eq!(
            problems(&answer, ORIGIN, "PUT", &APP_HEADERS),
            vec!["Access-Control-Allow-Headers lacks Authorization"]
        );
    }

    #[test]
    fn a_missing_header_method_or_origin_is_named() {
        let answer = PreflightAnswer {
            status: 200,
            allow_origin: Some("https://other.example".into()),
            allow_methods: Some("GET, POST".into()),
            allow_headers: Some("Authorization, Content-Type".into()),
        };
        assert_eq!(
            problems(&answer, ORIGIN, "PUT", &APP_HEADERS),
            vec![
                "Access-Control-Allow-Origin is https://other.example, not https://shop.example",
                "Access-Control-Allow-Methods lacks PUT",
                "Access-Control-Allow-Headers lacks EP-Account-Management-Authentication-Token",
            ]
        );
        assert!(problems(&answer, ORIGIN, "POST", &["Authorization"]).len() == 1, "POST needs no listing");
    }

    #[test]
    fn the_exact_origin_is_accepted_and_a_refusal_is_reported() {
        let answer = PreflightAnswer { allow_origin: Some(ORIGIN.into()), ..sandbox_like() };
        assert!(problems(&answer, ORIGIN, "GET", &APP_HEADERS).is_empty());
        let refused = PreflightAnswer { status: 403, ..PreflightAnswer::default() };
        assert_eq!(problems(&refused, ORIGIN, "GET", &APP_HEADERS), vec!["the preflight was answered 403"]);
        let bare = PreflightAnswer { status: 204, ..PreflightAnswer::default() };
        assert_eq!(problems(&bare, ORIGIN, "GET", &[]), vec!["no Access-Control-Allow-Origin"]);
    }
}
