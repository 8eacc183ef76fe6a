//! The tool's secrets (client secret, webhook secret, SMTP password, generated password) are core's
//! [`ep_reset_core::secret::Secret`]; this module adds the one thing only the tool needs: taking every
//! known secret out of an error line before it is printed.

/// A secret text: `Debug` and `Display` print `***`; the value is read only through `expose`.
pub type Secret = ep_reset_core::secret::Secret<String>;

/// `text` with every occurrence of each secret replaced by `***`, both as the environment gave it and
/// trimmed (the credentials are sent trimmed, so a store may echo either form). A last line of defence
/// for messages that quote a store's answer.
pub fn redact(text: &str, secrets: &[&Secret]) -> String {
    let mut forms: Vec<&str> = secrets
        .iter()
        .flat_map(|secret| [secret.expose().as_str(), secret.expose().trim()])
        .filter(|form| !form.trim().is_empty())
        .collect();
    // Longest first, so a secret with surrounding spaces is replaced whole, not around its trimmed core.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms.into_iter().fold(text.to_string(), |line, form| line.replace(form, "***"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(value: &str) -> Secret {
        Secret::new(value.to_string())
    }

    #[test]
    fn redacts_every_occurrence_of_every_secret() {
        let (a, b) = (secret("s3cr3t"), secret("other-one"));
        assert_eq!(redact("a s3cr3t b s3cr3t other-one", &[&a, &b]), "a *** b *** ***");
        assert_eq!(redact("text", &[&secret("")]), "text");
        assert_eq!(redact("text", &[]), "text");
    }

    #[test]
    fn redacts_the_raw_and_the_trimmed_form() {
        let padded = secret("  s3cr3t\n");
        assert_eq!(redact("sent s3cr3t", &[&padded]), "sent ***", "the trimmed form, as sent");
        assert_eq!(redact("raw [  s3cr3t\n]", &[&padded]), "raw [***]", "the raw form, whole");
        assert_eq!(redact("a   b", &[&secret("   ")]), "a   b", "a blank secret is no secret");
    }

    #[test]
    fn debug_and_display_hide_the_value() {
        let value = secret("s3cr3t");
        assert!(!format!("{value:?} {value}").contains("s3cr3t"));
    }
}
