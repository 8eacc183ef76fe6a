//! [`OwnerHint`]: what an answer suggests the store owner fix, for the browser console. Never shown to
//! shoppers (it may reveal whether an account exists), never holds a secret; the app's catalogue words it.

use crate::api::dto::OtpRequestType;
use crate::breach::Unreachable;

/// One thing the store owner can fix, as the journeys found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerHint {
    /// The code request answered 422 with either spelling of `type`: most likely the password profile
    /// has `enable_one_time_password_token: false`.
    OtpDisabled,
    /// The implicit token was refused (401 on the code request, or the token request refused at a
    /// change-password submit): check the client id.
    ImplicitTokenRefused,
    /// 403 on the code request: this store does not let implicit tokens request codes.
    NotPermitted,
    /// 404 on the code request: the realm or password profile id is wrong (some stores may also answer
    /// 404 for an unknown username).
    NotFound,
    /// Another refusal of the code request (400, 409, …) or an unreadable answer; `status` when there
    /// was one.
    Refused {
        /// The HTTP status, if any.
        status: Option<u16>,
    },
    /// The store refused the other spelling of `type` (400/422) and accepted this one.
    TypeAccepted(OtpRequestType),
    /// A network failure of the code request while the browser is online: perhaps a 429 or 5xx without
    /// CORS headers.
    NoReadableAnswer,
    /// The member belongs to no account (`data: []` from the token exchange).
    NoAccount,
    /// The credential update answered 403: `account_member_self_management` is not `update_only`.
    SelfManagementDisabled,
    /// The credential could not be found (list 401/403, no unambiguous entry for the profile, or update
    /// 404).
    LinkIncomplete,
    /// No realm from the link, the token or configuration.
    NoRealm,
    /// The link names a realm or profile other than the configured one.
    LinkConflictsWithConfig,
    /// The password update was refused (400/422) for a reason other than the password.
    UpdateRefused,
    /// Any other final failure of the reset; the client logged the details before.
    Failed,
    /// The breach check could not ask its service, for this reason: the password was checked only
    /// against the built-in list.
    BreachCheckUnreachable(Unreachable),
}
