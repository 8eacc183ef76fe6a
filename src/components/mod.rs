//! Widgets shared by pages: presentational, no I/O.

mod password_field;
mod requirements;

pub use password_field::PasswordField;
pub use requirements::{RequirementsList, StrengthHint};
