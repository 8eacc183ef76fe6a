//! Shared helpers: start a sandbox in-process on 127.0.0.1:0 and talk to it over real HTTP.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::Duration;

use axum::http::HeaderMap;
use ep_sandbox::seed::{PASSWORD_PROFILE_ID, REALM_ID};
use ep_sandbox::{Config, Sandbox};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

pub const ADA: &str = "aaaaaaaa-0000-4000-8000-000000000001";
pub const ADA_CRED: &str = "bbbbbbbb-0000-4000-8000-000000000001";
pub const GRACE: &str = "aaaaaaaa-0000-4000-8000-000000000002";
pub const GRACE_CRED: &str = "bbbbbbbb-0000-4000-8000-000000000002";
pub const NO_ACCOUNTS: &str = "aaaaaaaa-0000-4000-8000-000000000003";
pub const ADA_EMAIL: &str = "ada@example.com";
pub const ADA_PASSWORD: &str = "correct horse battery staple";
pub const INVALID_OTP: &str = "the authorization realm for the token could not be found";
/// The header every control API call carries (web pages cannot send it).
pub const CONTROL_HEADER: &str = "EP-Sandbox-Control";

/// A running sandbox and a client.
pub struct Ctx {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

/// A sandbox with a high rate limit and no request log.
pub async fn start() -> Ctx {
    start_with(|_| {}).await
}

/// A sandbox configured by `f` (after the test defaults).
pub async fn start_with(f: impl FnOnce(&mut Config)) -> Ctx {
    let mut config = Config::new("127.0.0.1:0".parse().expect("address"));
    config.rate_limit = 100_000;
    config.log_requests = false;
    f(&mut config);
    let sandbox = ep_sandbox::start(config).await.expect("sandbox starts");
    Ctx { sandbox, http: reqwest::Client::new() }
}

pub fn realm_path(rest: &str) -> String {
    format!("/v2/authentication-realms/{REALM_ID}{rest}")
}

pub fn otp_path() -> String {
    realm_path(&format!("/password-profiles/{PASSWORD_PROFILE_ID}/one-time-password-token-request"))
}

pub fn credential_path(user: &str, cred: Option<&str>) -> String {
    let base =
        realm_path(&format!("/user-authentication-info/{user}/user-authentication-password-profile-info"));
    cred.map_or(base.clone(), |c| format!("{base}/{c}"))
}

/// Decodes a JWT's claims without checking the signature.
pub fn jwt_claims(token: &str) -> Value {
    use base64::Engine;
    let payload = token.split('.').nth(1).expect("three parts");
    let bytes =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url without padding");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// Asserts an EP error body with this status and returns its first error.
pub fn assert_error(status: StatusCode, body: &Value, expected: u16) -> Value {
    assert_eq!(status.as_u16(), expected, "status, body: {body}");
    let error = body["errors"][0].clone();
    assert_eq!(error["status"], json!(expected), "body: {body}");
    assert!(error["title"].is_string(), "title in {body}");
    error
}

impl Ctx {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.app_origin())
    }

    /// A control API request as the tests (and no web page) send it: the control header, and JSON
    /// as the content type of everything but a GET.
    pub fn control(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self.http.request(method.clone(), self.url(path)).header(CONTROL_HEADER, "1");
        if method != Method::GET && method != Method::HEAD {
            request = request.header("Content-Type", "application/json");
        }
        request
    }

    /// Sends a request; returns status, headers and the body as JSON (Null if not JSON).
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        am_token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let mut request = if path.starts_with("/__sandbox") {
            self.control(method, path)
        } else {
            self.http.request(method, self.url(path))
        };
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(am) = am_token {
            request = request.header("EP-Account-Management-Authentication-Token", am);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("response");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        (status, headers, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let (s, _, b) = self.send(Method::GET, path, token, None, None).await;
        (s, b)
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        let (s, _, b) = self.send(Method::POST, path, token, None, Some(body)).await;
        (s, b)
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        let (s, _, b) = self.send(Method::PUT, path, token, None, Some(body)).await;
        (s, b)
    }

    pub async fn patch(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let (s, _, b) = self.send(Method::PATCH, path, None, None, Some(body)).await;
        (s, b)
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        let (s, _, b) = self.send(Method::DELETE, path, token, None, None).await;
        (s, b)
    }

    pub async fn reset(&self) {
        let response = self.control(Method::POST, "/__sandbox/reset").send().await.expect("response");
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }

    pub async fn switches(&self) -> Value {
        let (status, body) = self.get("/__sandbox/switches", None).await;
        assert_eq!(status, StatusCode::OK);
        body
    }

    /// Creates an integration with `data` (client_credentials) and returns its id.
    pub async fn create_integration(&self, admin: &str, data: Value) -> String {
        let (status, body) = self.post("/v2/integrations", Some(admin), json!({ "data": data })).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["data"]["id"].as_str().expect("id").to_string()
    }

    /// POSTs a form to `/oauth/access_token`.
    pub async fn token_response(&self, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response =
            self.http.post(self.url("/oauth/access_token")).form(form).send().await.expect("response");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn implicit(&self) -> String {
        let (status, body) =
            self.token_response(&[("grant_type", "implicit"), ("client_id", "demo-client-id")]).await;
        assert_eq!(status, StatusCode::OK);
        body["access_token"].as_str().expect("token").to_string()
    }

    pub async fn admin(&self) -> String {
        let (status, body) = self
            .token_response(&[
                ("grant_type", "client_credentials"),
                ("client_id", "demo-client-id"),
                ("client_secret", self.sandbox.client_secret()),
            ])
            .await;
        assert_eq!(status, StatusCode::OK);
        body["access_token"].as_str().expect("token").to_string()
    }

    pub async fn request_otp(&self, token: &str, username: &str) -> StatusCode {
        let body = json!({"data": {"type": "one_time_password_token_request", "username": username, "purpose": "reset_password"}});
        self.post(&otp_path(), Some(token), body).await.0
    }

    pub async fn outbox(&self) -> Vec<Value> {
        let (status, body) = self.get("/__sandbox/outbox", None).await;
        assert_eq!(status, StatusCode::OK);
        body.as_array().expect("array").clone()
    }

    pub async fn last_otp(&self) -> String {
        let outbox = self.outbox().await;
        outbox.last().expect("an e-mail")["otp"].as_str().expect("otp").to_string()
    }

    pub async fn exchange(&self, token: &str, username: &str, otp: &str) -> (StatusCode, Value) {
        let body = json!({"data": {
            "type": "account_management_authentication_token",
            "authentication_mechanism": "passwordless",
            "password_profile_id": PASSWORD_PROFILE_ID,
            "username": username,
            "one_time_password_token": otp,
        }});
        self.post("/v2/account-members/tokens", Some(token), body).await
    }

    pub async fn login(&self, token: &str, username: &str, password: &str) -> (StatusCode, Value) {
        let body = json!({"data": {
            "type": "account_management_authentication_token",
            "authentication_mechanism": "password",
            "password_profile_id": PASSWORD_PROFILE_ID,
            "username": username,
            "password": password,
        }});
        self.post("/v2/account-members/tokens", Some(token), body).await
    }

    /// Requests a code for Ada and exchanges it; returns the first account-management token.
    pub async fn ada_am_token(&self, token: &str) -> String {
        self.am_token_for(token, ADA_EMAIL).await
    }

    pub async fn am_token_for(&self, token: &str, username: &str) -> String {
        assert_eq!(self.request_otp(token, username).await, StatusCode::ACCEPTED);
        let otp = self.last_otp().await;
        let (status, body) = self.exchange(token, username, &otp).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["data"][0]["token"].as_str().expect("token").to_string()
    }

    pub async fn update_password(
        &self,
        token: &str,
        am_token: Option<&str>,
        user: &str,
        cred: &str,
        username: &str,
        password: &str,
    ) -> (StatusCode, Value) {
        let body = json!({"data": {
            "id": cred,
            "type": "user_authentication_password_profile_info",
            "password_profile_id": PASSWORD_PROFILE_ID,
            "username": username,
            "password": password,
        }});
        let (s, _, b) = self
            .send(Method::PUT, &credential_path(user, Some(cred)), Some(token), am_token, Some(body))
            .await;
        (s, b)
    }

    pub async fn advance(&self, secs: i64) {
        let (status, _) = self.post("/__sandbox/clock", None, json!({"advance_secs": secs})).await;
        assert_eq!(status, StatusCode::OK);
    }

    pub async fn fault(&self, fault: Value) {
        let (status, body) = self.post("/__sandbox/faults", None, fault).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }

    pub async fn requests(&self) -> Vec<Value> {
        let (_, body) = self.get("/__sandbox/requests", None).await;
        body.as_array().expect("array").clone()
    }
}

/// A fresh, empty directory under the system temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "ep-sandbox-test-{}-{}-{name}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Sends raw bytes over TCP and returns the whole answer as text (for paths a URL library would clean).
pub async fn raw_request(addr: std::net::SocketAddr, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

/// An enabled webhook integration observing the OTP event, as Elastic Path documents it.
pub fn webhook_integration(url: &str, secret: Option<&str>) -> Value {
    let mut configuration = json!({ "url": url });
    if let Some(secret) = secret {
        configuration["secret_key"] = json!(secret);
    }
    json!({
        "type": "integration",
        "name": "One Time Password notification",
        "description": "Send one time password notification",
        "enabled": true,
        "integration_type": "webhook",
        "observes": ["one-time-password-token-request.created"],
        "configuration": configuration,
    })
}

/// How the receiver answers one call.
#[derive(Clone)]
pub enum Reply {
    /// This status at once.
    Status(u16),
    /// 200, after this long (longer than the sandbox's webhook timeout: the attempt times out).
    After(Duration),
    /// 200, once the test calls `notify_one` on it.
    Held(Arc<Notify>),
}

/// One call the receiver got.
pub struct Call {
    pub headers: HeaderMap,
    pub body: Value,
}

/// A webhook receiver on 127.0.0.1:0 (real HTTP). Call `n` (from 0) is answered as `replies[n]`, later
/// calls with 200; each call arrives on a channel as soon as it is received.
pub struct Receiver {
    pub url: String,
    calls: mpsc::UnboundedReceiver<Call>,
}

/// The longest a test waits for a webhook call before failing (a hang guard, not a timing check).
const CALL_GUARD: Duration = Duration::from_secs(20);

impl Receiver {
    pub async fn start(replies: Vec<Reply>) -> Self {
        let (tx, calls) = mpsc::unbounded_channel();
        let count = Arc::new(AtomicUsize::new(0));
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: bytes::Bytes| {
                let (tx, count, replies) = (tx.clone(), Arc::clone(&count), replies.clone());
                async move {
                    let body = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    let _ = tx.send(Call { headers, body });
                    match replies.get(count.fetch_add(1, Ordering::SeqCst)) {
                        Some(Reply::Status(status)) => StatusCode::from_u16(*status).expect("status"),
                        Some(Reply::After(wait)) => {
                            tokio::time::sleep(*wait).await;
                            StatusCode::OK
                        }
                        Some(Reply::Held(notify)) => {
                            notify.notified().await;
                            StatusCode::OK
                        }
                        None => StatusCode::OK,
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url: format!("http://{addr}/hook"), calls }
    }

    /// Always 200.
    pub async fn accepting() -> Self {
        Self::start(Vec::new()).await
    }

    /// The next call.
    pub async fn next(&mut self) -> Call {
        tokio::time::timeout(CALL_GUARD, self.calls.recv())
            .await
            .expect("the webhook was called")
            .expect("the receiver is running")
    }

    /// Whether no call arrives within `wait` (for "nothing more is sent").
    pub async fn quiet_for(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, self.calls.recv()).await.is_err()
    }
}
