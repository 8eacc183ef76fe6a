//! One component per page; each renders its session's view model, no business rules.

mod change_password;
mod config_problem;
mod forgot_password;
mod not_found;

pub use change_password::change_password_page;
pub use config_problem::config_problem_page;
pub use forgot_password::forgot_password_page;
pub use not_found::not_found_page;

/// `rel` of every link that leaves the app (sign-in page, the store after a reset): `noreferrer` keeps
/// the reset page's address out of the next request.
pub const LEAVE_APP_REL: &str = "noreferrer noopener";
