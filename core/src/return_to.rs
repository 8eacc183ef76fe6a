//! The redirect-after-success sanitizer.

/// Accepts `value` only as a same-origin relative path, returned unchanged; otherwise `None`, and the
/// caller ignores it (falls back to its sign-in link) rather than "fixing" it.
///
/// Accepted: starts with exactly one `/`, followed by anything except a second `/` or a `\`; no
/// backslash anywhere and no ASCII control character (tab and newline included, because URL parsers drop
/// them, turning `/\t/evil.example` into `//evil.example`). Since the value starts with `/`, no scheme
/// (`javascript:`, `data:`, `https:`) can apply.
pub fn sanitize(value: &str) -> Option<String> {
    let rest = value.strip_prefix('/')?;
    let bad_start = rest.starts_with(['/', '\\']);
    let bad_char = value.chars().any(|c| c == '\\' || c.is_ascii_control());
    (!bad_start && !bad_char).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_every_way_out_of_the_origin() {
        for bad in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "https:evil.example",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            " /account",
            "",
            // and a few more of the same families
            "/\n/evil.example",
            "/\r/evil.example",
            "/account\\..\\..",
            "/account\u{0}",
            "/account\u{7f}",
            "///evil.example",
            "vbscript:msgbox(1)",
            "account",
            "?x=1",
            "#top",
        ] {
            assert_eq!(sanitize(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn keeps_same_origin_paths() {
        for good in
            ["/", "/account", "/account?tab=1#x", "/a/b//c", "/café", "/search?q=a%2F%2Fb", "/x?next=//y"]
        {
            assert_eq!(sanitize(good).as_deref(), Some(good), "{good:?}");
        }
    }
}
