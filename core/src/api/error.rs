//! [`ApiError`]: every way a call to Elastic Path can fail, in the terms the flows decide on.

use super::json::{Json, JsonError};
use crate::retry::RetryAfter;

/// Why a call to Elastic Path failed. Carries no server text: see [`Diagnostic`] for the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS refusal, connection reset).
    Network,
    /// No answer within the client's timeout.
    Timeout,
    /// 429. `retry_after` is the readable `Retry-After`, if the header was sent and exposed to CORS.
    RateLimited {
        /// The server's requested wait, clamped.
        retry_after: Option<RetryAfter>,
    },
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 404.
    NotFound,
    /// Any other 4xx (400, 409, 422, …).
    Client {
        status: u16,
        /// Which field the error body blames.
        source: ErrorSource,
    },
    /// 5xx.
    Server { status: u16 },
    /// A status that makes no sense for the call (a 3xx, or a 2xx the caller could not use that carries
    /// no error status either), or a request the browser would not build.
    Malformed,
    /// A successful answer without a field the flows cannot do without: which answer, which field.
    Unreadable(JsonError),
}

impl ApiError {
    /// Maps a failed response to an error.
    ///
    /// `status` is the HTTP status; `retry_after` the raw `Retry-After` header if readable; `body` the
    /// response text; `now_epoch_secs` the current time (for HTTP-date `Retry-After`). The HTTP status
    /// decides; only when it is not an error status (a 2xx/3xx the caller could not use, or 0) does the
    /// first `errors[].status` of an Elastic Path error body (number or string) stand in for it.
    pub fn from_response(status: u16, retry_after: Option<&str>, body: &str, now_epoch_secs: u64) -> Self {
        let parsed = ErrorBody::parse(body);
        let effective = if (400..600).contains(&status) {
            status
        } else {
            match parsed.as_ref().and_then(ErrorBody::first_status) {
                Some(from_body) if (400..600).contains(&from_body) => from_body,
                _ => return Self::Malformed,
            }
        };
        match effective {
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            429 => Self::RateLimited {
                retry_after: retry_after.and_then(|v| RetryAfter::parse(v, now_epoch_secs)),
            },
            400..=499 => Self::Client { status: effective, source: ErrorSource::of(parsed.as_ref()) },
            _ => Self::Server { status: effective },
        }
    }

    /// Whether trying the same call again later can succeed: network, timeout, 429 and 5xx.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Network | Self::Timeout | Self::RateLimited { .. } | Self::Server { .. })
    }

    /// The HTTP status behind this error, if there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Network | Self::Timeout | Self::Malformed | Self::Unreadable(_) => None,
            Self::RateLimited { .. } => Some(429),
            Self::Unauthorized => Some(401),
            Self::Forbidden => Some(403),
            Self::NotFound => Some(404),
            Self::Client { status, .. } | Self::Server { status } => Some(*status),
        }
    }

    /// The server's `Retry-After`, when this is a 429 that carried a readable one.
    pub fn retry_after(&self) -> Option<RetryAfter> {
        match self {
            Self::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }
}

/// Which request field an error body names in its entries' `source`: the one part of an error body a
/// flow may decide on (whether a refused update is about the password). `source` is a string in Elastic
/// Path's bodies (`"data.password"`); a JSON:API `{"pointer": "/data/password"}` is read too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorSource {
    /// No entry names a field (or there is no readable error body).
    Unnamed,
    /// An entry names the password: a path whose segment is `password` (`data.password`, `password`,
    /// `/data/attributes/password`; not `data.password_profile_id`).
    Password,
    /// Entries name fields, none of them the password.
    OtherField,
}

impl ErrorSource {
    fn of(body: Option<&ErrorBody>) -> Self {
        let named: Vec<&str> =
            body.map(|b| b.errors.iter().filter_map(ErrorItem::source_path).collect()).unwrap_or_default();
        if named.iter().any(|path| names_password(path)) {
            Self::Password
        } else if named.is_empty() {
            Self::Unnamed
        } else {
            Self::OtherField
        }
    }
}

fn names_password(path: &str) -> bool {
    path.split(['.', '/', '[', ']', '"', '\'']).any(|segment| segment.eq_ignore_ascii_case("password"))
}

/// The first entry of an Elastic Path `errors` body, for console diagnostics only.
///
/// Never shown to shoppers (it may reveal whether an account exists) and never used to decide a flow;
/// the client logs it next to the [`ApiError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// `errors[0].status`, whether sent as a number or a string.
    pub status: Option<u16>,
    /// `errors[0].title`.
    pub title: Option<String>,
    /// `errors[0].detail`.
    pub detail: Option<String>,
}

impl Diagnostic {
    /// Longest title or detail kept, in characters, so a huge body cannot flood the console.
    pub const MAX_TEXT_CHARS: usize = 200;

    /// Reads the first error of an Elastic Path `{"errors":[{status,title,detail}]}` body.
    pub fn from_body(body: &str) -> Option<Self> {
        let first = ErrorBody::parse(body)?.errors.into_iter().next()?;
        let clip = |text: Option<String>| text.map(|t| t.chars().take(Self::MAX_TEXT_CHARS).collect());
        Some(Self { status: first.status, title: clip(first.title), detail: clip(first.detail) })
    }
}

/// `{"errors":[…]}`: the entries that are objects, everything else ignored.
struct ErrorBody {
    errors: Vec<ErrorItem>,
}

impl ErrorBody {
    fn parse(body: &str) -> Option<Self> {
        let json = Json::parse(body).filter(|json| matches!(json, Json::Object(_)))?;
        Some(Self { errors: json.list_at("errors").iter().filter_map(ErrorItem::read).collect() })
    }

    fn first_status(&self) -> Option<u16> {
        self.errors.first()?.status
    }
}

/// One entry of `errors`; every field optional (and absent when of an odd type), unknown ones ignored.
struct ErrorItem {
    status: Option<u16>,
    title: Option<String>,
    detail: Option<String>,
    source: Option<String>,
}

impl ErrorItem {
    fn read(json: &Json) -> Option<Self> {
        let text = |key| json.str_at(key).map(str::to_owned);
        matches!(json, Json::Object(_)).then(|| Self {
            status: status_code(json.get("status")),
            title: text("title"),
            detail: text("detail"),
            source: source_path(json.get("source")),
        })
    }

    fn source_path(&self) -> Option<&str> {
        self.source.as_deref()
    }
}

/// The field an entry blames: `source` as a string, or a JSON:API source object's `pointer` or
/// `parameter`; `None` when empty or absent.
fn source_path(source: Option<&Json>) -> Option<String> {
    let path = match source? {
        Json::String(path) => path.as_str(),
        object @ Json::Object(_) => ["pointer", "parameter"].iter().find_map(|key| object.str_at(key))?,
        _ => return None,
    };
    (!path.trim().is_empty()).then(|| path.to_owned())
}

/// `status` is a number in Elastic Path's guide and a string in its OpenAPI specs.
fn status_code(status: Option<&Json>) -> Option<u16> {
    match status? {
        Json::Number(n) => n.and_then(|n| u16::try_from(n).ok()),
        Json::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(status: u16, retry_after: Option<&str>, body: &str) -> ApiError {
        ApiError::from_response(status, retry_after, body, 1_000_000)
    }

    fn client(status: u16, source: ErrorSource) -> ApiError {
        ApiError::Client { status, source }
    }

    fn source_of(body: &str) -> ErrorSource {
        match map(422, None, body) {
            ApiError::Client { source, .. } => source,
            other => panic!("not a client error: {other:?}"),
        }
    }

    #[test]
    fn error_source_names_the_password_only_by_a_whole_segment() {
        for body in [
            r#"{"errors":[{"status":400,"title":"Bad Request","detail":"too short","source":"data.password"}]}"#,
            r#"{"errors":[{"source":"password"}]}"#,
            r#"{"errors":[{"source":"data.username"},{"source":"data.PASSWORD"}]}"#,
            r#"{"errors":[{"source":{"pointer":"/data/attributes/password"}}]}"#,
            r#"{"errors":[{"source":{"parameter":"password"}}]}"#,
            r#"{"errors":[{"source":"data['password']"}]}"#,
        ] {
            assert_eq!(source_of(body), ErrorSource::Password, "{body}");
        }
        for body in [
            r#"{"errors":[{"status":422,"title":"Unprocessable Entity","detail":"store id mismatch","source":"data.type"}]}"#,
            r#"{"errors":[{"source":"data.password_profile_id"}]}"#,
            r#"{"errors":[{"source":"passwords"},{"source":"new_password"}]}"#,
        ] {
            assert_eq!(source_of(body), ErrorSource::OtherField, "{body}");
        }
    }

    #[test]
    fn error_source_unnamed_without_a_usable_source() {
        for body in [
            "",
            "<html>",
            r#"{"errors":[{"status":422,"title":"Unprocessable Entity","detail":"Constraint violation"}]}"#,
            r#"{"errors":[{"source":null},{"source":""},{"source":7},{"source":{"pointer":5}}]}"#,
            r#"{"errors":null}"#,
            r#"{"errors":[null,"x"]}"#,
        ] {
            assert_eq!(source_of(body), ErrorSource::Unnamed, "{body}");
        }
    }

    #[test]
    fn odd_field_types_in_an_error_entry_do_not_hide_its_source() {
        let body = r#"{"errors":[{"status":{"code":400},"title":["x"],"detail":5,"source":"data.password","meta":null}]}"#;
        assert_eq!(source_of(body), ErrorSource::Password);
    }

    #[test]
    fn maps_http_status() {
        assert_eq!(map(401, None, ""), ApiError::Unauthorized);
        assert_eq!(map(403, None, "<html>"), ApiError::Forbidden);
        assert_eq!(map(404, None, ""), ApiError::NotFound);
        assert_eq!(map(400, None, ""), client(400, ErrorSource::Unnamed));
        assert_eq!(map(409, None, ""), client(409, ErrorSource::Unnamed));
        assert_eq!(map(422, None, ""), client(422, ErrorSource::Unnamed));
        assert_eq!(map(500, None, ""), ApiError::Server { status: 500 });
        assert_eq!(map(503, None, ""), ApiError::Server { status: 503 });
        assert_eq!(map(599, None, ""), ApiError::Server { status: 599 });
    }

    #[test]
    fn http_status_wins_over_body_status() {
        let body = r#"{"errors":[{"status":500,"title":"x"}]}"#;
        assert_eq!(map(404, None, body), ApiError::NotFound);
    }

    #[test]
    fn rate_limited_with_and_without_retry_after() {
        assert_eq!(
            map(429, Some("30"), ""),
            ApiError::RateLimited { retry_after: Some(RetryAfter::from_secs(30)) }
        );
        assert_eq!(map(429, None, ""), ApiError::RateLimited { retry_after: None });
        assert_eq!(map(429, Some("whenever"), ""), ApiError::RateLimited { retry_after: None });
        assert_eq!(map(429, Some("30"), "").retry_after(), Some(RetryAfter::from_secs(30)));
    }

    #[test]
    fn non_error_status_uses_body_status_number_or_string() {
        assert_eq!(
            map(200, None, r#"{"errors":[{"status":401,"title":"Unable to validate access token"}]}"#),
            ApiError::Unauthorized
        );
        assert_eq!(
            map(200, None, r#"{"errors":[{"title":"Unauthorized","status":"401"}]}"#),
            ApiError::Unauthorized
        );
        assert_eq!(map(0, None, r#"{"errors":[{"status":" 422 "}]}"#), client(422, ErrorSource::Unnamed));
    }

    #[test]
    fn non_error_status_without_usable_body_is_malformed() {
        for body in [
            "",
            "null",
            "{}",
            r#"{"errors":[]}"#,
            r#"{"errors":[{"status":200}]}"#,
            r#"{"errors":[{"status":"abc"}]}"#,
            r#"{"errors":[{"status":70000}]}"#,
            "<html>",
        ] {
            assert_eq!(map(200, None, body), ApiError::Malformed, "{body}");
        }
        assert_eq!(map(302, None, ""), ApiError::Malformed);
    }

    #[test]
    fn transient_errors() {
        let transient = [
            ApiError::Network,
            ApiError::Timeout,
            ApiError::RateLimited { retry_after: None },
            ApiError::Server { status: 502 },
        ];
        let permanent = [
            ApiError::Unauthorized,
            ApiError::Forbidden,
            ApiError::NotFound,
            client(400, ErrorSource::Unnamed),
            ApiError::Malformed,
        ];
        assert!(transient.iter().all(ApiError::is_transient));
        assert!(!permanent.iter().any(ApiError::is_transient));
    }

    #[test]
    fn status_accessor() {
        assert_eq!(ApiError::Network.status(), None);
        assert_eq!(ApiError::RateLimited { retry_after: None }.status(), Some(429));
        assert_eq!(client(422, ErrorSource::Password).status(), Some(422));
    }

    #[test]
    fn diagnostic_reads_number_or_string_status_and_clips() {
        let numeric = Diagnostic::from_body(
            r#"{"errors":[{"status":400,"title":"required","detail":"enabled is required","source":"enabled"}]}"#,
        );
        assert_eq!(
            numeric,
            Some(Diagnostic {
                status: Some(400),
                title: Some("required".into()),
                detail: Some("enabled is required".into())
            })
        );
        let text = Diagnostic::from_body(r#"{"errors":[{"status":"401","title":"Unauthorized"}]}"#);
        assert_eq!(text.and_then(|d| d.status), Some(401));
        let long = format!(r#"{{"errors":[{{"detail":"{}"}}]}}"#, "x".repeat(5000));
        let detail = Diagnostic::from_body(&long).and_then(|d| d.detail).map(|d| d.chars().count());
        assert_eq!(detail, Some(Diagnostic::MAX_TEXT_CHARS));
        assert_eq!(Diagnostic::from_body("not json"), None);
        assert_eq!(Diagnostic::from_body(r#"{"errors":[]}"#), None);
    }
}
