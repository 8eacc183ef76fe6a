//! Who is calling: the bearer token's grant and, optionally, the account-management token's claims.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::jwt::AmClaims;
use crate::state::{AppState, Grant, lock};
use crate::store::Store;

/// The header carrying the account-management authentication token.
pub const AM_TOKEN_HEADER: &str = "EP-Account-Management-Authentication-Token";

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The bearer token's grant.
    pub grant: Grant,
    /// The verified account-management token, if one was sent.
    pub member: Option<AmClaims>,
}

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, ApiError> {
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .ok_or(ApiError::Unauthenticated)?;
        let now = state.clock.now();
        let grant = match lock(&state.tokens).get(bearer) {
            Some(token) if token.expires > now => token.grant,
            _ => return Err(ApiError::Unauthenticated),
        };
        let member = match parts.headers.get(AM_TOKEN_HEADER) {
            None => None,
            Some(value) => {
                let value = value.to_str().map_err(|_| ApiError::InvalidAmToken)?;
                Some(state.jwt.verify(value.trim(), now).map_err(|_| ApiError::InvalidAmToken)?)
            }
        };
        Ok(Self { grant, member })
    }
}

impl Caller {
    /// Admin calls need a client_credentials token.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        match self.grant {
            Grant::ClientCredentials => Ok(()),
            Grant::Implicit => Err(ApiError::Forbidden("this call needs a client_credentials token")),
        }
    }

    /// Admins may act on any user; a shopper (implicit + account-management token) only on their own
    /// user, and only while `account_member_self_management` is `update_only` (in the store's settings
    /// and in the token, which copies the setting when issued).
    pub fn require_self_management(&self, store: &Store, user_id: &str) -> Result<(), ApiError> {
        if self.grant == Grant::ClientCredentials {
            return Ok(());
        }
        let Some(claims) = &self.member else {
            return Err(ApiError::Forbidden("an account management authentication token is required"));
        };
        if claims.store_id != store.store_id || claims.realm_id != store.realm_id {
            return Err(ApiError::Forbidden("the token belongs to another store"));
        }
        if claims.sub != user_id {
            return Err(ApiError::Forbidden("the token belongs to another account member"));
        }
        let update_only = "update_only";
        if store.settings.account_member_self_management != update_only
            || claims.account_member_self_management != update_only
        {
            return Err(ApiError::Forbidden("account_member_self_management is not update_only"));
        }
        Ok(())
    }
}
