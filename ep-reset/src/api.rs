//! The thin HTTP layer: one blocking client, a bearer token, JSON in and out, bounded 429 retries.
//! Decisions about what the answers mean live elsewhere.

use std::time::Duration;

use reqwest::Method;
use reqwest::blocking::{Client, RequestBuilder};
use reqwest::header::RETRY_AFTER;
use reqwest::redirect::Policy;
use serde_json::Value;

use crate::credentials::Credentials;
use crate::error::ResetError;
use crate::paths;
use crate::retry;

/// Limit of one API call (Elastic Path answers in well under a second).
const API_TIMEOUT: Duration = Duration::from_secs(30);
/// Limit of establishing a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Page size for list calls (Elastic Path's maximum).
const PAGE_LIMIT: usize = 100;
/// Pages read at most (Elastic Path caps `page[offset]` at 10,000).
const MAX_PAGES: usize = 101;

/// A status and a decoded JSON body (`Null` when the body is empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body, or `Null`.
    pub body: Value,
}

/// An authenticated client for one store.
pub struct StoreApi {
    http: Client,
    base_url: String,
    bearer: String,
}

/// The HTTP client every call uses: no redirects (a bearer token never follows one), bounded time.
pub fn http_client(timeout: Duration) -> Result<Client, ResetError> {
    Client::builder()
        .user_agent(concat!("ep-reset/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(CONNECT_TIMEOUT.min(timeout))
        .redirect(Policy::none())
        .build()
        .map_err(|e| ResetError::HttpClient(transport_reason(&e)))
}

/// A short, single-line reason for a transport error (the innermost cause, e.g. "Connection refused").
pub fn transport_reason(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "no answer in time (timed out)".into();
    }
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    one_line(&innermost.to_string(), 200)
}

/// `text` on one line, at most `max` characters.
pub fn one_line(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= max {
        joined
    } else {
        format!("{}…", joined.chars().take(max).collect::<String>())
    }
}

/// `title: detail` of the first entry of an Elastic Path error body, if the body is one.
pub fn error_detail(body: &Value) -> Option<String> {
    let first = body.get("errors")?.as_array()?.first()?;
    let text = |key: &str| first.get(key).and_then(Value::as_str).filter(|s| !s.is_empty());
    let joined = match (text("title"), text("detail")) {
        (Some(title), Some(detail)) if title != detail => format!("{title}: {detail}"),
        (Some(one), _) | (None, Some(one)) => one.to_string(),
        (None, None) => return None,
    };
    Some(one_line(&joined, 200))
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "HTTP",
    }
}

/// Seconds since the Unix epoch, to read a `Retry-After` date against (0 on a clock before 1970, which
/// makes any date read as far away, so the wait is capped rather than skipped).
fn now_epoch_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Sends `build()` until it is not answered 429 (bounded), and decodes the body.
fn send(
    base_url: &str,
    method: &Method,
    path: &str,
    build: impl Fn() -> RequestBuilder,
) -> Result<Answer, ResetError> {
    let mut attempts = 0;
    loop {
        attempts += 1;
        let response = build().send().map_err(|e| ResetError::Unreachable {
            base_url: base_url.to_string(),
            reason: transport_reason(&e),
        })?;
        let status = response.status().as_u16();
        if status == 429 {
            let retry_after =
                response.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_string);
            let Some(wait) = retry::wait_after_429(attempts, retry_after.as_deref(), now_epoch_secs()) else {
                return Err(ResetError::RateLimited {
                    method: method_name(method),
                    path: path.to_string(),
                    attempts,
                });
            };
            eprintln!(
                "ep-reset: rate limited (429 on {} {path}); retrying in {} s",
                method_name(method),
                wait.as_secs_f32().ceil()
            );
            std::thread::sleep(wait);
            continue;
        }
        let bytes = response.bytes().map_err(|e| ResetError::Unreachable {
            base_url: base_url.to_string(),
            reason: transport_reason(&e),
        })?;
        let body = if bytes.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            match serde_json::from_slice(&bytes) {
                Ok(value) => value,
                Err(_) if !(200..300).contains(&status) => Value::Null,
                Err(e) => {
                    return Err(ResetError::Shape {
                        method: method_name(method),
                        path: path.to_string(),
                        problem: format!("the body is not JSON ({e})"),
                    });
                }
            }
        };
        return Ok(Answer { status, body });
    }
}

/// Requests a token with a form grant; `Err(status)` inside `Ok` when the store refuses it.
fn token(http: &Client, base_url: &str, form: &[(&str, &str)]) -> Result<Result<String, u16>, ResetError> {
    let url = format!("{base_url}{}", paths::ACCESS_TOKEN);
    let answer = send(base_url, &Method::POST, paths::ACCESS_TOKEN, || http.post(&url).form(form))?;
    if !(200..300).contains(&answer.status) {
        return Ok(Err(answer.status));
    }
    answer
        .body
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(|t| Ok(t.to_string()))
        .ok_or_else(|| ResetError::Shape {
            method: "POST",
            path: paths::ACCESS_TOKEN.into(),
            problem: "it has no access_token".into(),
        })
}

impl StoreApi {
    /// Gets a client_credentials token for `credentials`.
    pub fn connect(credentials: &Credentials) -> Result<Self, ResetError> {
        let http = http_client(API_TIMEOUT)?;
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", credentials.client_id.as_str()),
            ("client_secret", credentials.client_secret.expose()),
        ];
        match token(&http, &credentials.base_url, &form)? {
            Ok(bearer) => Ok(Self { http, base_url: credentials.base_url.clone(), bearer }),
            Err(status @ (400 | 401 | 403)) => Err(ResetError::CredentialsRefused { status }),
            Err(status) => Err(ResetError::Api {
                method: "POST",
                path: paths::ACCESS_TOKEN.into(),
                status,
                detail: None,
            }),
        }
    }

    /// Gets an implicit token for `client_id` (what the app in the page gets); `Ok(Err(status))` when the
    /// store refuses it.
    pub fn implicit(base_url: &str, client_id: &str) -> Result<Result<Self, u16>, ResetError> {
        let http = http_client(API_TIMEOUT)?;
        let form = [("grant_type", "implicit"), ("client_id", client_id)];
        Ok(token(&http, base_url, &form)?.map(|bearer| Self { http, base_url: base_url.to_string(), bearer }))
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends one request and returns whatever status it gets (after 429 retries).
    pub fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Answer, ResetError> {
        let url = format!("{}{path}", self.base_url);
        send(&self.base_url, &method, path, || {
            let request = self.http.request(method.clone(), &url).bearer_auth(&self.bearer).query(query);
            match body {
                Some(body) => request.json(body),
                None => request,
            }
        })
    }

    /// Like [`call`](Self::call), but any status other than 2xx is an error.
    pub fn expect_success(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Value>,
    ) -> Result<Answer, ResetError> {
        let answer = self.call(method.clone(), path, query, body)?;
        if (200..300).contains(&answer.status) {
            Ok(answer)
        } else {
            Err(ResetError::Api {
                method: method_name(&method),
                path: path.to_string(),
                status: answer.status,
                detail: error_detail(&answer.body),
            })
        }
    }

    /// `GET path` (2xx expected), parsed by `parse`.
    pub fn get<T>(&self, path: &str, parse: impl Fn(&Value) -> Result<T, String>) -> Result<T, ResetError> {
        let answer = self.expect_success(Method::GET, path, &[], None)?;
        parse(&answer.body).map_err(|problem| shape("GET", path, problem))
    }

    /// Every item of a paginated list, parsed page by page by `parse`.
    pub fn get_all<T>(
        &self,
        path: &str,
        query: &[(&str, String)],
        parse: impl Fn(&Value) -> Result<Vec<T>, String>,
    ) -> Result<Vec<T>, ResetError> {
        let mut items = Vec::new();
        for page in 0..MAX_PAGES {
            let mut paged = query.to_vec();
            paged.push(("page[limit]", PAGE_LIMIT.to_string()));
            paged.push(("page[offset]", (page * PAGE_LIMIT).to_string()));
            let answer = self.expect_success(Method::GET, path, &paged, None)?;
            let found = parse(&answer.body).map_err(|problem| shape("GET", path, problem))?;
            let count = found.len();
            items.extend(found);
            let total = crate::model::list_total(&answer.body);
            if count < PAGE_LIMIT || total.is_some_and(|t| items.len() as u64 >= t) {
                break;
            }
        }
        Ok(items)
    }
}

/// A shape error for `method path`.
pub fn shape(method: &'static str, path: &str, problem: String) -> ResetError {
    ResetError::Shape { method, path: path.to_string(), problem }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_detail_reads_title_and_detail() {
        let body = json!({"errors": [{"status": 422, "title": "Unprocessable Entity", "detail": "store id\nmismatch"}]});
        assert_eq!(error_detail(&body).as_deref(), Some("Unprocessable Entity: store id mismatch"));
        let status_as_string = json!({"errors": [{"status": "401", "title": "Unauthorized"}]});
        assert_eq!(error_detail(&status_as_string).as_deref(), Some("Unauthorized"));
        assert_eq!(error_detail(&json!({"data": {}})), None);
        assert_eq!(error_detail(&json!({"errors": [{"status": 500}]})), None);
    }

    #[test]
    fn one_line_collapses_and_truncates() {
        assert_eq!(one_line("a\n  b\tc", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
    }
}
