//! The catalogue format and its templates.
//!
//! A catalogue is UTF-8 text, one `key = value` per line; blank lines and lines starting with `#` are
//! comments. A counted text has one key per plural category of its language (`key.one`, `key.other`, …,
//! see [`Locale::plural_categories`](super::Locale::plural_categories)). Values are templates: `{name}`
//! is replaced by an argument, the count is `{n}`.

/// The `(key, value)` pairs of a catalogue, in file order, both trimmed.
pub fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let (key, value) = line.split_once('=')?;
        Some((key.trim(), value.trim()))
    })
}

/// `template` with every `{name}` of `args` replaced by its value; other braces are kept as they are.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            args.iter().find(|(name, _)| *name == &after[..close]).map(|arg| (close, arg.1))
        });
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text before and after `{name}` in `template`, for a view that renders the argument itself
/// (in a `<bdi>`, say); `None` when the template does not use it.
pub fn split_at<'a>(template: &'a str, name: &str) -> Option<(&'a str, &'a str)> {
    let placeholder = format!("{{{name}}}");
    template.split_once(placeholder.as_str())
}

/// The names of the placeholders `template` uses, sorted, each once.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}
