//! Text of the configuration-problem page.

use ep_reset_core::config::ConfigError;

use super::area::{Text, area};
use super::owner;

area! {
    /// Text of the configuration-problem page.
    pub struct ConfigText in "config" {
        /// Heading shown when the page's configuration is unusable.
        heading: Text,
        /// Explanation for shoppers.
        intro: Text,
        /// Lead-in to the technical list meant for the store owner.
        details_intro: Text,
    }
}

impl ConfigText {
    /// For the store owner (English): one sentence naming the attribute and saying what is wrong.
    pub fn problem(&self, error: &ConfigError) -> String {
        owner::config_problem(error)
    }
}
