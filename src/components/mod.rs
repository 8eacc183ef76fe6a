//! Widgets shared by pages: presentational, no I/O.

mod field;
mod isolated;
mod link_request;
mod password_field;
mod requirements;
mod username_field;

pub use field::Field;
pub use isolated::isolated;
pub use link_request::{LINK_STATUS_ID, LinkRequest, sentence_text};
pub use password_field::PasswordField;
pub use requirements::{requirements_list, strength_hint};
pub use username_field::{USERNAME_ERROR_ID, USERNAME_ID, UsernameField};
