//! Taking the secrets out of the address bar (`history.replaceState`) without losing anything else.

use ep_reset_link::{param, parse_pairs};

/// The parameters removed from the address: the one-time password and the username (personal data).
/// The optional ids stay, so a reload still knows the realm/profile/credential for the typed-code path.
const SENSITIVE: [&str; 2] = [param::USERNAME, param::TOKEN];

/// Whether `query` or `fragment` carries a sensitive parameter (even empty), i.e. whether the page must
/// rewrite the address.
pub fn has_sensitive_params(query: &str, fragment: &str) -> bool {
    [query, fragment].into_iter().any(|part| segments(part).any(is_sensitive))
}

/// `part` (a query or fragment, leading `?`/`#` allowed) without its sensitive parameters and without
/// the leading `?`/`#`. Every other segment is kept byte for byte, in order.
pub fn strip_sensitive(part: &str) -> String {
    segments(part).filter(|segment| !is_sensitive(segment)).collect::<Vec<_>>().join("&")
}

/// The address to pass to `history.replaceState`: `pathname`, then the stripped query and fragment,
/// each only if something is left.
///
/// A pathname that starts with `//` (a link template that joined `https://shop/` and `/change_password`)
/// would be read as another host, and the browser refuses to replace the address with it; `/.` in front
/// resolves to the very same path.
pub fn clean_address(pathname: &str, query: &str, fragment: &str) -> String {
    let mut address = if pathname.starts_with("//") { format!("/.{pathname}") } else { pathname.to_owned() };
    for (mark, part) in [('?', query), ('#', fragment)] {
        let kept = strip_sensitive(part);
        if !kept.is_empty() {
            address.push(mark);
            address.push_str(&kept);
        }
    }
    address
}

/// The raw `&`-separated, non-empty segments of a query or fragment.
fn segments(part: &str) -> impl Iterator<Item = &str> {
    let part = part.strip_prefix('?').or_else(|| part.strip_prefix('#')).unwrap_or(part);
    part.split('&').filter(|segment| !segment.is_empty())
}

/// Decodes the segment's name (so `%74oken=` is caught too) and compares it.
fn is_sensitive(segment: &str) -> bool {
    parse_pairs(segment).first().is_some_and(|(name, _)| SENSITIVE.contains(&name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_sensitive_params_in_either_part() {
        assert!(has_sensitive_params("?username=a&token=b", ""));
        assert!(has_sensitive_params("", "#token=b"));
        assert!(has_sensitive_params("?token=", ""));
        assert!(has_sensitive_params("?%74oken=x", ""));
        assert!(!has_sensitive_params("?utm_source=mail&password_profile_id=p", "#top"));
        assert!(!has_sensitive_params("", ""));
    }

    #[test]
    fn strips_only_sensitive_params_keeping_the_rest_verbatim() {
        assert_eq!(
            strip_sensitive("?utm_source=mail&username=a%40b.c&token=x&password_profile_id=p&q=a+b%2F"),
            "utm_source=mail&password_profile_id=p&q=a+b%2F"
        );
        assert_eq!(strip_sensitive("#token=x&username=y"), "");
        assert_eq!(strip_sensitive("a=1&&username=x&b"), "a=1&b");
        assert_eq!(strip_sensitive("%75sername=x&tokens=1&Token=2"), "tokens=1&Token=2");
        assert_eq!(strip_sensitive(""), "");
    }

    #[test]
    fn clean_address_variants() {
        assert_eq!(clean_address("/change_password", "?username=a&token=b", ""), "/change_password");
        assert_eq!(clean_address("/change_password", "", "#username=a&token=b"), "/change_password");
        assert_eq!(
            clean_address("/shop/change_password", "?lang=de&token=b", "#username=a&section=2"),
            "/shop/change_password?lang=de#section=2"
        );
        assert_eq!(
            clean_address("/change_password", "?username=a&token=b&authentication_realm_id=r", ""),
            "/change_password?authentication_realm_id=r"
        );
    }

    #[test]
    fn a_path_that_would_read_as_another_host_stays_on_this_one() {
        assert_eq!(clean_address("//change_password", "?username=a&token=b", ""), "/.//change_password");
        assert_eq!(clean_address("///x//change_password", "", "#token=b&a=1"), "/.///x//change_password#a=1");
        assert_eq!(clean_address("/a//change_password", "?token=b", ""), "/a//change_password");
    }
}
