//! Widgets shared by pages: presentational, no I/O.

mod isolated;
mod link_request;
mod password_field;
mod requirements;
mod username_field;

pub use isolated::isolated;
pub use link_request::{LINK_STATUS_ID, link_request, sentence_text};
pub use password_field::PasswordField;
pub use requirements::{requirements_list, strength_hint};
pub use username_field::{USERNAME_ERROR_ID, USERNAME_ID, username_field};
