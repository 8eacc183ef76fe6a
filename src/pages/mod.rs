//! One function per page; each renders its session's view model, no business rules.

mod change_password;
mod config_problem;
mod forgot_password;
mod frame;
mod not_found;

pub use change_password::change_password_page;
pub use config_problem::config_problem_page;
pub use forgot_password::forgot_password_page;
pub use not_found::not_found_page;
