//! The e-mail's templates: a subject, a plain-text body and an HTML body, each a small text with
//! `{{variable}}` placeholders and `{{#variable}}…{{/variable}}` sections (kept only when the variable is
//! not empty), in each of the app's eight languages. Built-in ones ship with the tool
//! (`templates/mail/<tag>/`); a store replaces any of them with a file of the same name in
//! `--templates DIR/<tag>/` (that language) or `--templates DIR` (every language). Templates are checked
//! when the mailer starts, so a typo stops it there instead of producing broken e-mails.
//!
//! In the HTML body every value is HTML-escaped; in the subject, line breaks become spaces.

use std::fmt;
use std::path::{Path, PathBuf};

use ep_reset_core::locale::Locale;

/// File name of the subject template.
pub const SUBJECT_FILE: &str = "subject.txt";
/// File name of the plain-text body template.
pub const TEXT_FILE: &str = "body.txt";
/// File name of the HTML body template.
pub const HTML_FILE: &str = "body.html";

/// The built-in subject, plain-text and HTML templates of one language.
macro_rules! built_in {
    ($tag:literal) => {
        [
            include_str!(concat!("../../templates/mail/", $tag, "/subject.txt")),
            include_str!(concat!("../../templates/mail/", $tag, "/body.txt")),
            include_str!(concat!("../../templates/mail/", $tag, "/body.html")),
        ]
    };
}

/// The built-in templates, in the order of [`Locale::ALL`].
const BUILT_IN: [[&str; 3]; 8] = [
    built_in!("en"),
    built_in!("de"),
    built_in!("fr"),
    built_in!("es"),
    built_in!("nl"),
    built_in!("pl"),
    built_in!("ar"),
    built_in!("he"),
];

/// Longest template file read.
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// A value a template can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    /// The shopper's name (may be empty).
    Name,
    /// The username the code is for.
    Username,
    /// The reset link.
    Link,
    /// The one-time code, for typing it in.
    Code,
    /// The code's lifetime in minutes.
    Minutes,
    /// The change-password page without parameters (where the code can be typed).
    ChangePage,
}

impl Variable {
    const ALL: [(&'static str, Variable); 6] = [
        ("name", Variable::Name),
        ("username", Variable::Username),
        ("link", Variable::Link),
        ("code", Variable::Code),
        ("minutes", Variable::Minutes),
        ("change_page", Variable::ChangePage),
    ];

    fn named(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(known, _)| *known == name).map(|(_, variable)| *variable)
    }

    fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, variable)| *variable == self).map_or("?", |(name, _)| name)
    }
}

/// The values of one e-mail.
#[derive(Clone, PartialEq, Eq)]
pub struct Values {
    /// See [`Variable::Name`]; empty when the payload has none.
    pub name: String,
    /// See [`Variable::Username`].
    pub username: String,
    /// See [`Variable::Link`].
    pub link: String,
    /// See [`Variable::Code`].
    pub code: String,
    /// See [`Variable::Minutes`].
    pub minutes: u32,
    /// See [`Variable::ChangePage`].
    pub change_page: String,
}

impl fmt::Debug for Values {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Values { *** }")
    }
}

impl Values {
    fn get(&self, variable: Variable) -> String {
        match variable {
            Variable::Name => self.name.clone(),
            Variable::Username => self.username.clone(),
            Variable::Link => self.link.clone(),
            Variable::Code => self.code.clone(),
            Variable::Minutes => self.minutes.to_string(),
            Variable::ChangePage => self.change_page.clone(),
        }
    }
}

/// How values are written into a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Subject,
    Text,
    Html,
}

impl Kind {
    fn file(self) -> &'static str {
        match self {
            Kind::Subject => SUBJECT_FILE,
            Kind::Text => TEXT_FILE,
            Kind::Html => HTML_FILE,
        }
    }

    /// What every template of this kind must show: both bodies carry the link and the code.
    fn required(self) -> &'static [Variable] {
        match self {
            Kind::Subject => &[],
            Kind::Text | Kind::Html => &[Variable::Link, Variable::Code],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Value(Variable),
    Section(Variable, Vec<Part>),
}

/// One parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Template {
    kind: Kind,
    parts: Vec<Part>,
}

/// Why a template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// The file could not be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The template is not well formed or lacks something.
    Invalid {
        /// The template's file name (in `--templates DIR`, or built in).
        file: &'static str,
        /// Where the template came from.
        origin: String,
        /// What is wrong.
        problem: String,
    },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable { path, reason } => {
                write!(f, "cannot read the template {}: {reason}", path.display())
            }
            Self::Invalid { file, origin, problem } => write!(f, "the template {file} ({origin}) {problem}"),
        }
    }
}

impl std::error::Error for TemplateError {}

/// Splits `source` into parts; `Err` is the problem, in words.
fn parse_parts(source: &str) -> Result<Vec<Part>, String> {
    let mut sections = Sections { root: Vec::new(), open: Vec::new() };
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        sections.literal(&rest[..start]);
        let after = &rest[start + 2..];
        let close = after.find("}}").ok_or_else(|| "has a `{{` without a closing `}}`".to_string())?;
        let tag = after[..close].trim();
        rest = &after[close + 2..];
        let (marker, name) = match tag.chars().next() {
            Some(c @ ('#' | '/')) => (Some(c), tag[1..].trim()),
            _ => (None, tag),
        };
        let variable =
            Variable::named(name).ok_or_else(|| format!("uses an unknown placeholder {{{{{tag}}}}}"))?;
        match marker {
            None => sections.current().push(Part::Value(variable)),
            Some('#') => sections.open.push((variable, Vec::new())),
            Some(_) => match sections.open.pop() {
                Some((open, parts)) if open == variable => {
                    sections.current().push(Part::Section(variable, parts));
                }
                Some((open, _)) => {
                    return Err(format!("closes {{{{/{name}}}}} while {{{{#{}}}}} is open", open.name()));
                }
                None => return Err(format!("closes {{{{/{name}}}}} that was never opened")),
            },
        }
    }
    sections.literal(rest);
    match sections.open.last() {
        Some((open, _)) => Err(format!("never closes {{{{#{}}}}}", open.name())),
        None => Ok(sections.root),
    }
}

/// The parts parsed so far: the template's top level and the sections still open, innermost last.
struct Sections {
    root: Vec<Part>,
    open: Vec<(Variable, Vec<Part>)>,
}

impl Sections {
    fn current(&mut self) -> &mut Vec<Part> {
        match self.open.last_mut() {
            Some((_, parts)) => parts,
            None => &mut self.root,
        }
    }

    fn literal(&mut self, text: &str) {
        if !text.is_empty() {
            self.current().push(Part::Literal(text.to_string()));
        }
    }
}

fn uses(parts: &[Part], wanted: Variable) -> bool {
    parts.iter().any(|part| match part {
        Part::Literal(_) => false,
        Part::Value(variable) => *variable == wanted,
        // A section's content may be left out, so it does not count as showing the value.
        Part::Section(..) => false,
    })
}

/// HTML-escapes text for element content and double- or single-quoted attributes.
pub fn escape_html(text: &str) -> String {
    html_escape::encode_quoted_attribute(text).into_owned()
}

impl Template {
    fn parse(kind: Kind, source: &str, origin: &str) -> Result<Self, TemplateError> {
        let invalid = |problem: String| TemplateError::Invalid {
            file: kind.file(),
            origin: origin.to_string(),
            problem,
        };
        let parts = parse_parts(source).map_err(invalid)?;
        for required in kind.required() {
            if !uses(&parts, *required) {
                return Err(invalid(format!(
                    "must show {{{{{}}}}} (outside any {{{{#…}}}} section)",
                    required.name()
                )));
            }
        }
        Ok(Self { kind, parts })
    }

    fn render(&self, values: &Values) -> String {
        let mut out = String::new();
        self.render_parts(&self.parts, values, &mut out);
        match self.kind {
            Kind::Subject => out.split_whitespace().collect::<Vec<_>>().join(" "),
            Kind::Text | Kind::Html => out,
        }
    }

    fn render_parts(&self, parts: &[Part], values: &Values, out: &mut String) {
        for part in parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Value(variable) => {
                    let value = values.get(*variable);
                    match self.kind {
                        Kind::Html => out.push_str(&escape_html(&value)),
                        Kind::Subject | Kind::Text => out.push_str(&value),
                    }
                }
                Part::Section(variable, inner) => {
                    if !values.get(*variable).trim().is_empty() {
                        self.render_parts(inner, values, out);
                    }
                }
            }
        }
    }
}

/// One e-mail's rendered parts.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject, one line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
}

impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered").field("subject", &self.subject).finish_non_exhaustive()
    }
}

/// The three templates of one language, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LanguageTemplates {
    subject: Template,
    text: Template,
    html: Template,
    /// For each template, where it came from (a file path or "built in").
    origins: [String; 3],
}

impl LanguageTemplates {
    /// Each template from `dir/<tag>/`, else `dir/`, else the built-in one of `locale`.
    fn load(dir: Option<&Path>, locale: Locale, built_in: [&'static str; 3]) -> Result<Self, TemplateError> {
        let read = |kind: Kind, built_in: &'static str| -> Result<(Template, String), TemplateError> {
            let candidates = dir
                .into_iter()
                .flat_map(|dir| [dir.join(locale.tag()).join(kind.file()), dir.join(kind.file())]);
            let (source, origin) = match candidates.into_iter().find(|path| path.exists()) {
                Some(path) => (read_file(&path)?, path.display().to_string()),
                None => (built_in.to_string(), "built in".to_string()),
            };
            Ok((Template::parse(kind, &source, &origin)?, origin))
        };
        let [subject, text, html] = built_in;
        let (subject, subject_origin) = read(Kind::Subject, subject)?;
        let (text, text_origin) = read(Kind::Text, text)?;
        let (html, html_origin) = read(Kind::Html, html)?;
        Ok(Self { subject, text, html, origins: [subject_origin, text_origin, html_origin] })
    }
}

/// The templates of every language, checked, and the language of an e-mail whose request names none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Templates {
    languages: Vec<(Locale, LanguageTemplates)>,
    /// `--locale`.
    pub default_locale: Locale,
    /// For each template of the default language, where it came from (a file path or "built in").
    pub origins: [String; 3],
}

impl Templates {
    /// The built-in templates, English by default.
    pub fn built_in() -> Result<Self, TemplateError> {
        Self::load(None, Locale::En)
    }

    /// Every language's templates (see the module's documentation for where each comes from).
    pub fn load(dir: Option<&Path>, default_locale: Locale) -> Result<Self, TemplateError> {
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            return Err(TemplateError::Unreadable {
                path: dir.to_path_buf(),
                reason: "not a directory".into(),
            });
        }
        let languages = Locale::ALL
            .into_iter()
            .zip(BUILT_IN)
            .map(|(locale, built_in)| Ok((locale, LanguageTemplates::load(dir, locale, built_in)?)))
            .collect::<Result<Vec<_>, TemplateError>>()?;
        let origins = languages
            .iter()
            .find(|(locale, _)| *locale == default_locale)
            .map(|(_, templates)| templates.origins.clone())
            .unwrap_or_default();
        Ok(Self { languages, default_locale, origins })
    }

    /// The e-mail for `values` in `locale`.
    pub fn render(&self, values: &Values, locale: Locale) -> Rendered {
        let Some((_, templates)) =
            self.languages.iter().find(|(known, _)| *known == locale).or(self.languages.first())
        else {
            return Rendered { subject: String::new(), text: String::new(), html: String::new() };
        };
        Rendered {
            subject: templates.subject.render(values),
            text: templates.text.render(values),
            html: templates.html.render(values),
        }
    }
}

fn read_file(path: &Path) -> Result<String, TemplateError> {
    let unreadable = |reason: String| TemplateError::Unreadable { path: path.to_path_buf(), reason };
    let size = std::fs::metadata(path).map_err(|e| unreadable(e.to_string()))?.len();
    if size > MAX_TEMPLATE_BYTES {
        return Err(unreadable(format!("larger than {MAX_TEMPLATE_BYTES} bytes")));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    String::from_utf8(bytes).map_err(|_| unreadable("not UTF-8 text".into()))
}

#[cfg(test)]
mod tests;
