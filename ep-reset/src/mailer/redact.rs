//! What the log may show of personal and untrusted values: never a full e-mail address, never a code,
//! and identifiers only as short single-line text.

/// An e-mail address as the log shows it: the first character of the local part and the domain,
/// `a***@example.com`. Something that is not an address shows as `***`.
pub fn email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{}", identifier(domain))
        }
        _ => "***".to_string(),
    }
}

/// An untrusted identifier (an envelope id, an event name) as the log shows it: visible ASCII only, at
/// most 64 characters, so it can neither break a log line nor flood it.
pub fn identifier(value: &str) -> String {
    const MAX: usize = 64;
    let mut shown: String =
        value.chars().map(|c| if c.is_ascii_graphic() { c } else { '?' }).take(MAX).collect();
    if value.chars().count() > MAX {
        shown.push('…');
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_keeps_one_character_and_the_domain() {
        assert_eq!(email("john.doe@banks.com"), "j***@banks.com");
        assert_eq!(email("ü@bücher.example"), "ü***@b?cher.example");
        assert_eq!(email("a\"b@c\"@x.example"), "a***@x.example");
    }

    #[test]
    fn a_non_address_shows_nothing() {
        for odd in ["", "john.doe", "@banks.com", "john@"] {
            assert_eq!(email(odd), "***", "{odd:?}");
        }
    }

    #[test]
    fn identifiers_stay_on_one_short_line() {
        assert_eq!(identifier("31ca9869-abcd"), "31ca9869-abcd");
        assert_eq!(identifier("a\nb c"), "a?b?c");
        let long = "x".repeat(100);
        assert_eq!(identifier(&long), format!("{}…", "x".repeat(64)));
    }
}
