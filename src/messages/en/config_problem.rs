use crate::messages::ConfigText;
use ep_reset_core::config::ConfigProblem;

pub const CONFIG: ConfigText = ConfigText {
    heading: "Password reset is unavailable",
    intro: "This page isn't set up correctly, so it can't reset passwords right now. Please try again later or contact the store.",
    details_intro: "For the store owner:",
    problem: |error| format!("The attribute {} {}.", error.attribute, describe(error.problem)),
};

fn describe(problem: ConfigProblem) -> String {
    match problem {
        ConfigProblem::Missing => "is missing".to_owned(),
        ConfigProblem::NotHttpsUrl => {
            "must be an https:// URL (plain http:// only for 127.0.0.1 or localhost)".to_owned()
        }
        ConfigProblem::NotAPath => "must be a path starting with / (or an https:// URL)".to_owned(),
        ConfigProblem::BadIdentifier => "may only contain letters, digits, '-', '_' and '.'".to_owned(),
        ConfigProblem::OutOfRange { min, max } => format!("must be a whole number from {min} to {max}"),
        ConfigProblem::UnknownUsernameFormat => "must be \"email\" or \"any\"".to_owned(),
        ConfigProblem::UnknownView => "must be \"forgot\", \"change\" or \"auto\"".to_owned(),
    }
}
