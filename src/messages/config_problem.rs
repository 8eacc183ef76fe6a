//! Text of the configuration-problem page.

use ep_reset_core::config::ConfigError;

/// Text of the configuration-problem page.
pub struct ConfigText {
    /// Heading shown when the page's configuration is unusable.
    pub heading: &'static str,
    /// Explanation for shoppers.
    pub intro: &'static str,
    /// Lead-in to the technical list meant for the store owner.
    pub details_intro: &'static str,
    /// One sentence naming the attribute and saying what is wrong with it.
    pub problem: fn(&ConfigError) -> String,
}
