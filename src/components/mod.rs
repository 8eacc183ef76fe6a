//! Widgets shared by pages: presentational, no I/O.

mod isolated;
mod link_request;
mod password_field;
mod requirements;
mod username_field;

pub use isolated::Isolated;
pub use link_request::{LINK_STATUS_ID, LinkRequest, sentence_text};
pub use password_field::PasswordField;
pub use requirements::{RequirementsList, StrengthHint};
pub use username_field::{USERNAME_ERROR_ID, USERNAME_ID, UsernameField};
