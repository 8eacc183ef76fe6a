//! HTML helpers: escaping, and rewriting the `<ep-password-reset>` element's attributes in `index.html`.

/// Escapes text for HTML content and (quoted) attribute values: `&`, `<`, `>`, `"` and `'`.
pub fn escape(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

/// Sets the value of the first `name="…"` (or `name='…'`) attribute in `html` to `value` (escaped).
/// Leaves `html` unchanged when there is no such attribute.
pub fn set_attribute(html: &str, name: &str, value: &str) -> String {
    let mut search_from = 0;
    while let Some(found) = html.get(search_from..).and_then(|rest| rest.find(name)) {
        let start = search_from + found;
        let after_name = start + name.len();
        search_from = after_name;
        let preceded_by_space = html[..start].chars().next_back().is_some_and(char::is_whitespace);
        let rest = &html[after_name..];
        let Some(quote) = rest.strip_prefix('=').and_then(|r| r.chars().next()) else {
            continue;
        };
        if !preceded_by_space || !(quote == '"' || quote == '\'') {
            continue;
        }
        let value_start = after_name + 2;
        let Some(value_len) = html[value_start..].find(quote) else {
            return html.to_string();
        };
        return format!("{}{}{}", &html[..value_start], escape(value), &html[value_start + value_len..]);
    }
    html.to_string()
}

/// Sets the `<ep-password-reset>` element's attribute `name` to `value` (escaped), adding it when the
/// element has none. Leaves `html` unchanged when there is no such element.
pub fn set_element_attribute(html: &str, name: &str, value: &str) -> String {
    const TAG: &str = "<ep-password-reset";
    // The element's start tag: its name followed by white space, outside comments (which may name it).
    let is_tag = |at: &usize| {
        let before = &html[..*at];
        let in_comment = before.rfind("<!--").is_some_and(|open| !before[open..].contains("-->"));
        html[at + TAG.len()..].starts_with(|c: char| c.is_ascii_whitespace()) && !in_comment
    };
    let Some(at) = html.match_indices(TAG).map(|(at, _)| at).find(is_tag).map(|at| at + TAG.len()) else {
        return html.to_string();
    };
    let end = html[at..].find('>').map_or(html.len(), |end| at + end);
    let changed = set_attribute(&html[at..end], name, value);
    if changed != html[at..end] {
        return format!("{}{changed}{}", &html[..at], &html[end..]);
    }
    format!("{} {name}=\"{}\"{}", &html[..at], escape(value), &html[at..])
}

/// Sets the `href` of the page's `<base>` element (the app's sub-path), if it has one. A `<base` inside
/// an HTML comment is not the element and is skipped.
pub fn set_base_href(html: &str, value: &str) -> String {
    let mut from = 0;
    while let Some(found) = html.get(from..).and_then(|rest| rest.find("<base ")) {
        let at = from + found;
        let before = &html[..at];
        let in_comment = before.rfind("<!--").is_some_and(|open| !before[open..].contains("-->"));
        if !in_comment {
            return format!("{}{}", &html[..at], set_attribute(&html[at..], "href", value));
        }
        from = at + "<base ".len();
    }
    html.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_or_adds_an_attribute_of_the_element() {
        let html = "<!-- scoped to <ep-password-reset> --><main><ep-password-reset\n api-base=\"x\"></ep-password-reset></main>";
        let added = set_element_attribute(html, "breach-check", "http://127.0.0.1:8080/range/");
        assert_eq!(
            added,
            "<!-- scoped to <ep-password-reset> --><main><ep-password-reset breach-check=\"http://127.0.0.1:8080/range/\"\n api-base=\"x\"></ep-password-reset></main>"
        );
        let changed = set_element_attribute(&added, "breach-check", "a\"b");
        assert!(changed.contains("breach-check=\"a&quot;b\"\n"), "{changed}");
        assert_eq!(
            set_element_attribute("<p breach-check=\"1\">", "breach-check", "2"),
            "<p breach-check=\"1\">"
        );
    }

    #[test]
    fn rewrites_first_occurrence_only() {
        let html = r#"<div id="app" data-api-base="" data-x="1"></div><p data-api-base="keep"></p>"#;
        assert_eq!(
            set_attribute(html, "data-api-base", "http://a/?x=1&y=\"2\""),
            r#"<div id="app" data-api-base="http://a/?x=1&amp;y=&quot;2&quot;" data-x="1"></div><p data-api-base="keep"></p>"#
        );
    }

    #[test]
    fn single_quotes_and_prefixes() {
        let html = "<main xdata-base-path='no' data-base-path='/old/'>";
        assert_eq!(
            set_attribute(html, "data-base-path", "/new/"),
            "<main xdata-base-path='no' data-base-path='/new/'>"
        );
    }

    #[test]
    fn absent_attribute_leaves_file_alone() {
        let html = "<main data-other=\"1\">data-api-base</main>";
        assert_eq!(set_attribute(html, "data-api-base", "x"), html);
    }

    #[test]
    fn base_href_is_rewritten_only_in_the_base_element() {
        let html = r#"<head><link href="./a.css"><base href="/"><a href="/x"></head>"#;
        assert_eq!(
            set_base_href(html, "/account/reset/"),
            r#"<head><link href="./a.css"><base href="/account/reset/"><a href="/x"></head>"#
        );
        assert_eq!(set_base_href("<head></head>", "/a/"), "<head></head>");
        let commented = r#"<!-- e.g. <base href="/x/"> --><base href="/">"#;
        assert_eq!(set_base_href(commented, "/a/"), r#"<!-- e.g. <base href="/x/"> --><base href="/a/">"#);
    }
}
