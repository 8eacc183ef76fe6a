use crate::messages::CommonText;

pub const COMMON: CommonText = CommonText {
    back_to_sign_in: "Back to sign in",
    not_found_heading: "Page not found",
    not_found_body: "This address doesn't lead anywhere. If you were trying to reset your password, start again here.",
    not_found_link: "Reset your password",
};
