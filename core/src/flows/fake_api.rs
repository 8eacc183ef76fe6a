//! A scripted, call-recording [`EpApi`] for host tests.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::EpApi;
use crate::api::ApiError;
use crate::api::dto::{
    AccountAuthenticationSettingsResponse, AmTokenResponse, ImplicitTokenResponse, OtpRequestType,
    PasswordProfileInfoList, PasswordProfileList, PasswordProfileResponse, PasswordUpdateBody,
};
use crate::api::json::FromJson;
use crate::resource_id::ResourceId;
use crate::secret::Secret;

/// Reads a test body written with `json!`, as the browser client reads a response.
pub fn body<T: FromJson>(value: serde_json::Value) -> T {
    T::parse(&value.to_string()).expect("test body")
}

pub fn id(value: &str) -> ResourceId {
    ResourceId::parse(value).expect("test id")
}

/// One recorded call, with secrets exposed so tests can assert on them.
#[derive(Debug, Clone, PartialEq)]
pub enum Call {
    ImplicitToken,
    RequestOtp { realm: String, profile: String, username: String, kind: OtpRequestType },
    Exchange { profile: String, username: String, otp: String },
    List { realm: String, uai: String, am_token: String },
    Update { realm: String, uai: String, uappi: String, body: serde_json::Value, am_token: String },
    Settings,
    Profiles { realm: String },
    Profile { realm: String, profile: String },
}

type Script<T> = RefCell<VecDeque<Result<T, ApiError>>>;

/// Answers each call with the next scripted result (panics when none is scripted: an unexpected call),
/// after yielding once so that concurrent calls interleave. The implicit token is the exception: granted
/// unless scripted otherwise, as a store that works grants it (and the browser client caches it).
#[derive(Default)]
pub struct FakeApi {
    pub log: RefCell<Vec<Call>>,
    pub implicit: Script<ImplicitTokenResponse>,
    pub otp: Script<()>,
    pub exchange: Script<AmTokenResponse>,
    pub list: Script<PasswordProfileInfoList>,
    pub update: Script<()>,
    pub settings: Script<AccountAuthenticationSettingsResponse>,
    pub profiles: Script<PasswordProfileList>,
    pub profile: Script<PasswordProfileResponse>,
}

impl FakeApi {
    /// Every call but the implicit token's (the browser client caches that one; [`Self::count`] and
    /// [`Self::log`] see it).
    pub fn calls(&self) -> Vec<Call> {
        self.log.borrow().iter().filter(|call| **call != Call::ImplicitToken).cloned().collect()
    }

    pub fn count(&self, matches: impl Fn(&Call) -> bool) -> usize {
        self.log.borrow().iter().filter(|call| matches(call)).count()
    }

    async fn answer<T>(&self, call: Call, script: &Script<T>) -> Result<T, ApiError> {
        let name = format!("{call:?}");
        self.log.borrow_mut().push(call);
        YieldOnce(false).await;
        script.borrow_mut().pop_front().unwrap_or_else(|| panic!("unscripted call {name}"))
    }
}

impl EpApi for FakeApi {
    async fn implicit_token(&self) -> Result<ImplicitTokenResponse, ApiError> {
        if self.implicit.borrow().is_empty() {
            self.implicit.borrow_mut().push_back(Ok(ImplicitTokenResponse {
                access_token: Secret::new("implicit-token".into()),
                expires: None,
                expires_in: Some(3600),
            }));
        }
        self.answer(Call::ImplicitToken, &self.implicit).await
    }

    async fn request_otp(
        &self,
        realm: &ResourceId,
        profile: &ResourceId,
        username: &str,
        kind: OtpRequestType,
    ) -> Result<(), ApiError> {
        let call = Call::RequestOtp {
            realm: realm.to_string(),
            profile: profile.to_string(),
            username: username.into(),
            kind,
        };
        self.answer(call, &self.otp).await
    }

    async fn exchange_otp(
        &self,
        profile: &ResourceId,
        username: &str,
        otp: &Secret<String>,
    ) -> Result<AmTokenResponse, ApiError> {
        let call = Call::Exchange {
            profile: profile.to_string(),
            username: username.into(),
            otp: otp.expose().clone(),
        };
        self.answer(call, &self.exchange).await
    }

    async fn list_password_profile_infos(
        &self,
        realm: &ResourceId,
        uai: &ResourceId,
        am_token: &Secret<String>,
    ) -> Result<PasswordProfileInfoList, ApiError> {
        let call = Call::List {
            realm: realm.to_string(),
            uai: uai.to_string(),
            am_token: am_token.expose().clone(),
        };
        self.answer(call, &self.list).await
    }

    async fn update_password(
        &self,
        realm: &ResourceId,
        uai: &ResourceId,
        uappi: &ResourceId,
        body: &PasswordUpdateBody,
        am_token: &Secret<String>,
    ) -> Result<(), ApiError> {
        let call = Call::Update {
            realm: realm.to_string(),
            uai: uai.to_string(),
            uappi: uappi.to_string(),
            body: serde_json::from_str(&body.to_json()).expect("a JSON body"),
            am_token: am_token.expose().clone(),
        };
        self.answer(call, &self.update).await
    }

    async fn account_authentication_settings(
        &self,
    ) -> Result<AccountAuthenticationSettingsResponse, ApiError> {
        self.answer(Call::Settings, &self.settings).await
    }

    async fn password_profiles(&self, realm: &ResourceId) -> Result<PasswordProfileList, ApiError> {
        self.answer(Call::Profiles { realm: realm.to_string() }, &self.profiles).await
    }

    async fn password_profile(
        &self,
        realm: &ResourceId,
        profile: &ResourceId,
    ) -> Result<PasswordProfileResponse, ApiError> {
        let call = Call::Profile { realm: realm.to_string(), profile: profile.to_string() };
        self.answer(call, &self.profile).await
    }
}

/// Lets other futures in a `join` run once.
pub async fn yield_once() {
    YieldOnce(false).await;
}

/// Returns `Pending` once (waking itself), then `Ready`.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}
