//! One component per page; views and wiring only, no business rules.

mod change_password;
mod config_problem;
mod forgot_password;
mod not_found;

pub use change_password::ChangePasswordPage;
pub use config_problem::ConfigProblemPage;
pub use forgot_password::ForgotPasswordPage;
pub use not_found::NotFoundPage;
