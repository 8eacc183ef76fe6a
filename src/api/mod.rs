//! The browser's Elastic Path client: [`EpClient`] implements [`EpApi`] over `fetch` (gloo-net).
//!
//! Every call goes through one send-and-decode path (`transport`): timeout, `credentials: omit`,
//! `referrerPolicy: no-referrer`, `cache: no-store`, error mapping with [`ApiError::from_response`], and a
//! console diagnostic that never contains a secret. The implicit token is cached in memory until shortly
//! before it expires ([`TokenCache`]), so after the shopper presses a button only the calls that matter run.

mod transport;

use std::cell::RefCell;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use std::rc::Rc;

use ep_reset_core::api::ApiError;
use ep_reset_core::api::dto::{
    AccountAuthenticationSettingsResponse, AmTokenRequest, AmTokenResponse, ImplicitTokenResponse,
    OtpRequestBody, OtpRequestType, PasswordProfileInfoList, PasswordProfileList, PasswordProfileResponse,
    PasswordUpdateBody, implicit_token_form,
};
use ep_reset_core::api::json::FromJson;
use ep_reset_core::flows::EpApi;
use ep_reset_core::flows::token_cache::TokenCache;
use ep_reset_core::resource_id::ResourceId;
use ep_reset_core::secret::Secret;
use transport::{Body, Call, Method};

use crate::messages::unreadable_answer;
use crate::time::now_epoch_secs;

/// A client for one store's API. Cheap to clone: clones share the token cache.
#[derive(Clone)]
pub struct EpClient {
    inner: Rc<Inner>,
}

struct Inner {
    api_base: String,
    client_id: String,
    token: RefCell<TokenCache>,
    /// The token request under way, shared by every caller that needs a token meanwhile: a submit that
    /// follows the page-load prefetch waits for it instead of asking for a second token.
    fetching: RefCell<Option<TokenFetch>>,
    /// Aborted by [`EpClient::close`]: every request also listens to it.
    lifetime: Option<web_sys::AbortController>,
}

type TokenFetch = Shared<LocalBoxFuture<'static, Result<ImplicitTokenResponse, ApiError>>>;

impl EpClient {
    /// A client for `api_base` (no trailing slash) using the public implicit `client_id`.
    pub fn new(api_base: &str, client_id: &str) -> Self {
        let inner = Inner {
            api_base: api_base.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            token: RefCell::new(TokenCache::new()),
            fetching: RefCell::new(None),
            lifetime: web_sys::AbortController::new().ok(),
        };
        Self { inner: Rc::new(inner) }
    }

    /// Aborts every request under way and any later one (the app was unmounted).
    pub fn close(&self) {
        if let Some(lifetime) = &self.inner.lifetime {
            lifetime.abort();
        }
    }

    /// The signal every request of this client also listens to.
    fn lifetime(&self) -> Option<web_sys::AbortSignal> {
        self.inner.lifetime.as_ref().map(web_sys::AbortController::signal)
    }

    /// Asks the store for an implicit token and caches it.
    async fn fetch_token(self) -> Result<ImplicitTokenResponse, ApiError> {
        let form = implicit_token_form(&self.inner.client_id).ok_or(ApiError::Malformed)?;
        let call = Call {
            name: "access_token",
            method: Method::Post,
            url: self.url("/oauth/access_token"),
            bearer: None,
            am_token: None,
            body: Body::Form(form),
            lifetime: self.lifetime(),
        };
        let response: ImplicitTokenResponse = decode(&transport::send(call).await?)?;
        self.inner.token.borrow_mut().store(&response, now_epoch_secs());
        Ok(response)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.inner.api_base)
    }

    /// The implicit bearer token: cached, shared with a request under way, or freshly fetched.
    async fn bearer(&self) -> Result<Secret<String>, ApiError> {
        Ok(self.implicit_token().await?.access_token)
    }

    async fn send_json(
        &self,
        name: &'static str,
        method: Method,
        path: String,
        json: Option<String>,
        am_token: Option<&Secret<String>>,
    ) -> Result<String, ApiError> {
        let bearer = self.bearer().await?;
        let body = json.map_or(Body::Empty, Body::Json);
        let result = transport::send(Call {
            name,
            method,
            url: self.url(&path),
            bearer: Some(&bearer),
            am_token,
            body,
            lifetime: self.lifetime(),
        })
        .await;
        if result == Err(ApiError::Unauthorized) {
            // Perhaps the token was revoked or expired early: the next call fetches a fresh one.
            self.inner.token.borrow_mut().clear();
        }
        result
    }
}

/// Reads a 2xx answer. Every answer passes here, so this is where one that lacks what the flows need is
/// named to the store owner: the console hint says which answer and which field, never a value.
fn decode<T: FromJson>(text: &str) -> Result<T, ApiError> {
    T::parse(text).map_err(|error| {
        web_sys::console::warn_1(&unreadable_answer(&error).into());
        ApiError::Unreadable(error)
    })
}

impl EpApi for EpClient {
    async fn implicit_token(&self) -> Result<ImplicitTokenResponse, ApiError> {
        if let Some(token) = self.inner.token.borrow().get(now_epoch_secs()) {
            return Ok(ImplicitTokenResponse {
                access_token: token.clone(),
                expires: None,
                expires_in: None,
            });
        }
        let fetch = {
            let mut fetching = self.inner.fetching.borrow_mut();
            match fetching.as_ref() {
                Some(fetch) => fetch.clone(),
                None => {
                    let fetch = self.clone().fetch_token().boxed_local().shared();
                    *fetching = Some(fetch.clone());
                    fetch
                }
            }
        };
        let result = fetch.clone().await;
        // Done (for every waiter): the next expiry, or a retry after a failure, starts a new request.
        let mut fetching = self.inner.fetching.borrow_mut();
        if fetching.as_ref().is_some_and(|current| current.ptr_eq(&fetch)) {
            fetching.take();
        }
        result
    }

    async fn request_otp(
        &self,
        realm: &ResourceId,
        profile: &ResourceId,
        username: &str,
        kind: OtpRequestType,
    ) -> Result<(), ApiError> {
        let path = format!(
            "/v2/authentication-realms/{}/password-profiles/{}/one-time-password-token-request",
            realm.as_str(),
            profile.as_str()
        );
        let body = OtpRequestBody::reset_password(username, kind);
        self.send_json("otp_request", Method::Post, path, Some(body.to_json()), None).await.map(drop)
    }

    async fn exchange_otp(
        &self,
        profile: &ResourceId,
        username: &str,
        otp: &Secret<String>,
    ) -> Result<AmTokenResponse, ApiError> {
        let body = AmTokenRequest::passwordless(profile, username, otp);
        let text = self
            .send_json(
                "account_member_tokens",
                Method::Post,
                "/v2/account-members/tokens".to_owned(),
                Some(body.to_json()),
                None,
            )
            .await?;
        decode(&text)
    }

    async fn list_password_profile_infos(
        &self,
        realm: &ResourceId,
        uai: &ResourceId,
        am_token: &Secret<String>,
    ) -> Result<PasswordProfileInfoList, ApiError> {
        let path = format!(
            "/v2/authentication-realms/{}/user-authentication-info/{}/user-authentication-password-profile-info",
            realm.as_str(),
            uai.as_str()
        );
        let text = self.send_json("uappi_list", Method::Get, path, None, Some(am_token)).await?;
        decode(&text)
    }

    async fn update_password(
        &self,
        realm: &ResourceId,
        uai: &ResourceId,
        uappi: &ResourceId,
        body: &PasswordUpdateBody,
        am_token: &Secret<String>,
    ) -> Result<(), ApiError> {
        let path = format!(
            "/v2/authentication-realms/{}/user-authentication-info/{}/user-authentication-password-profile-info/{}",
            realm.as_str(),
            uai.as_str(),
            uappi.as_str()
        );
        self.send_json("uappi_update", Method::Put, path, Some(body.to_json()), Some(am_token))
            .await
            .map(drop)
    }

    async fn account_authentication_settings(
        &self,
    ) -> Result<AccountAuthenticationSettingsResponse, ApiError> {
        let path = "/v2/settings/account-authentication".to_owned();
        decode(&self.send_json("settings", Method::Get, path, None, None).await?)
    }

    async fn password_profiles(&self, realm: &ResourceId) -> Result<PasswordProfileList, ApiError> {
        let path = format!("/v2/authentication-realms/{}/password-profiles", realm.as_str());
        decode(&self.send_json("password_profiles", Method::Get, path, None, None).await?)
    }

    async fn password_profile(
        &self,
        realm: &ResourceId,
        profile: &ResourceId,
    ) -> Result<PasswordProfileResponse, ApiError> {
        let path =
            format!("/v2/authentication-realms/{}/password-profiles/{}", realm.as_str(), profile.as_str());
        decode(&self.send_json("password_profile", Method::Get, path, None, None).await?)
    }
}
