//! JSON as the API bodies need it: a reader that turns a response into a [`Json`] tree for the DTOs to
//! read leniently, and [`write_data`] for request bodies.
//!
//! The same small reader runs in the browser and in these host tests, so every tolerance rule is tested
//! against the code that ships, and the WASM carries no general-purpose (de)serialisation framework.
//! Numbers are read only as far as the flows need them: a non-negative integer that fits `u64` has a
//! value; any other number (negative, fractional, with an exponent, huge) is a number without one, which
//! every reader treats as a field of an odd type.
//!
//! A [`FromJson`] reader that cannot do without a field says which ([`JsonError`]: the answer, the
//! field, the JSON type found), with names written here rather than text from the body, so the error
//! is small, carries no value and can go to the console. `tests/json_matches_serde_json.rs` compares
//! the reader with `serde_json` on generated documents.

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: its value when it is a non-negative integer that fits `u64`.
    Number(Option<u64>),
    /// A string, unescaped.
    String(String),
    Array(Vec<Json>),
    /// An object's members in document order (a repeated key reads as its last occurrence, as in browsers).
    Object(Vec<(String, Json)>),
}

/// Deepest nesting accepted, so a hostile body cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

impl Json {
    /// Parses a whole document; `None` unless `text` is exactly one JSON value (whitespace around it is
    /// fine) nested at most 64 deep.
    pub fn parse(text: &str) -> Option<Json> {
        let mut reader = Reader { bytes: text.as_bytes(), at: 0 };
        let value = reader.value(0)?;
        reader.skip_whitespace();
        (reader.at == reader.bytes.len()).then_some(value)
    }

    /// The member `key` of an object; `None` for a missing key or when this is not an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(name, _)| name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The member `key` when this is an object and the member is a string.
    pub fn str_at(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The member `key` when this is an object and the member is a non-negative integer.
    pub fn u64_at(&self, key: &str) -> Option<u64> {
        match self.get(key)? {
            Json::Number(value) => *value,
            _ => None,
        }
    }

    /// The member `key` when this is an object and the member is `true` or `false`.
    pub fn bool_at(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Json::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The member `key` when it is an object (anything else reads as absent).
    pub fn object_at(&self, key: &str) -> Option<&Json> {
        self.get(key).filter(|value| matches!(value, Json::Object(_)))
    }

    /// The entries of [`Self::list_at`] that are objects.
    pub fn objects_at<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Json> {
        self.list_at(key).iter().filter(|entry| matches!(entry, Json::Object(_)))
    }

    /// This value's type.
    pub fn kind(&self) -> Kind {
        match self {
            Json::Null => Kind::Null,
            Json::Bool(_) => Kind::Bool,
            Json::Number(_) => Kind::Number,
            Json::String(_) => Kind::String,
            Json::Array(_) => Kind::Array,
            Json::Object(_) => Kind::Object,
        }
    }

    /// This value, `field`, when it is an object; else the error naming `field`.
    pub fn expect_object(&self, field: Field) -> Result<&Json, FieldError> {
        match self {
            Json::Object(_) => Ok(self),
            other => Err(other.not_a(Kind::Object, field)),
        }
    }

    /// The member `field` (a top-level name), of any type (`null` included); else the error naming it
    /// missing.
    pub fn require(&self, field: Field) -> Result<&Json, FieldError> {
        self.get(field.path()).ok_or(FieldError { field, problem: Problem::Missing })
    }

    /// The member `field` when it is an object; else the error naming it.
    pub fn require_object(&self, field: Field) -> Result<&Json, FieldError> {
        self.require(field)?.expect_object(field)
    }

    /// The member `field` when it is a string; else the error naming it.
    pub fn require_str(&self, field: Field) -> Result<&str, FieldError> {
        match self.require(field)? {
            Json::String(text) => Ok(text),
            other => Err(other.not_a(Kind::String, field)),
        }
    }

    fn not_a(&self, expected: Kind, field: Field) -> FieldError {
        FieldError { field, problem: Problem::WrongType { expected, found: self.kind() } }
    }

    /// The member `key` as a list: an array's entries, a single object as a one-entry list, and nothing
    /// for `null`, a missing key or any other type.
    pub fn list_at(&self, key: &str) -> &[Json] {
        match self.get(key) {
            Some(Json::Array(entries)) => entries,
            Some(entry @ Json::Object(_)) => std::slice::from_ref(entry),
            _ => &[],
        }
    }
}

/// A response body type read from [`Json`].
pub trait FromJson: Sized {
    /// Which answer this is.
    const ANSWER: Answer;

    /// Reads `json`, ignoring unknown fields and reading odd-typed optional fields as absent; the error
    /// names the field it cannot do without.
    fn from_json(json: &Json) -> Result<Self, FieldError>;

    /// Parses and reads a response text.
    fn parse(text: &str) -> Result<Self, JsonError> {
        Json::parse(text)
            .ok_or(FieldError { field: Field::Whole, problem: Problem::NotJson })
            .and_then(|json| Self::from_json(&json))
            .map_err(|error| JsonError { answer: Self::ANSWER, field: error.field, problem: error.problem })
    }
}

/// An answer the flows read. Errors name it with a small number rather than text: the names are
/// written once, for the console ([`Self::call`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    ImplicitToken,
    AccountMemberTokens,
    PasswordProfileInfos,
    AccountAuthenticationSettings,
    PasswordProfiles,
    PasswordProfile,
}

impl Answer {
    /// The call, as Elastic Path's reference names it (ids as `:realm`, never a real one).
    pub fn call(self) -> &'static str {
        match self {
            Self::ImplicitToken => "POST /oauth/access_token",
            Self::AccountMemberTokens => "POST /v2/account-members/tokens",
            Self::PasswordProfileInfos => {
                "GET /v2/authentication-realms/:realm/user-authentication-info/:id/user-authentication-password-profile-info"
            }
            Self::AccountAuthenticationSettings => "GET /v2/settings/account-authentication",
            Self::PasswordProfiles => "GET /v2/authentication-realms/:realm/password-profiles",
            Self::PasswordProfile => "GET /v2/authentication-realms/:realm/password-profiles/:id",
        }
    }
}

/// A field an answer cannot do without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The answer itself (it must be an object).
    Whole,
    AccessToken,
    Data,
    /// `meta.account_member_id` (or, when it is absent, the token's `sub` claim).
    AccountMemberId,
}

impl Field {
    /// Dotted from the top of the answer; empty for [`Self::Whole`].
    pub fn path(self) -> &'static str {
        match self {
            Self::Whole => "",
            Self::AccessToken => "access_token",
            Self::Data => "data",
            Self::AccountMemberId => "meta.account_member_id",
        }
    }
}

/// The type of a JSON value, as a [`Problem`] names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// What is wrong with a field an answer cannot do without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The text is not one JSON value (an HTML error page, a cut-off body); the field is the whole.
    NotJson,
    /// The field is absent.
    Missing,
    /// The field holds a value of another type.
    WrongType { expected: Kind, found: Kind },
    /// The field is a string but no usable Elastic Path id (see
    /// [`ResourceId`](crate::resource_id::ResourceId)).
    NotAnId,
}

/// A field a [`FromJson`] reader cannot do without, and what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// Why an answer could not be read: which answer, which field, what is wrong. Names and types only,
/// never a value from the body, so it may go to the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    pub answer: Answer,
    pub field: Field,
    pub problem: Problem,
}

/// `{"data":{"name":"value",…}}`, the shape of every request body the journeys send.
pub fn write_data(fields: &[(&str, &str)]) -> String {
    let mut out = String::from("{\"data\":{");
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, name);
        out.push(':');
        write_string(&mut out, value);
    }
    out.push_str("}}");
    out
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        self.at += usize::from(found);
        found
    }

    fn literal(&mut self, word: &str, value: Json) -> Option<Json> {
        let found = self.bytes[self.at..].starts_with(word.as_bytes());
        self.at += if found { word.len() } else { 0 };
        found.then_some(value)
    }

    fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_whitespace();
        match self.peek()? {
            b'n' => self.literal("null", Json::Null),
            b't' => self.literal("true", Json::Bool(true)),
            b'f' => self.literal("false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'[' => self.array(depth),
            b'{' => self.object(depth),
            _ => self.number(),
        }
    }

    fn array(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut entries = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Some(Json::Array(entries));
        }
        loop {
            entries.push(self.value(depth + 1)?);
            self.skip_whitespace();
            if self.eat(b']') {
                return Some(Json::Array(entries));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Json> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Some(Json::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return None;
            }
            let name = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return None;
            }
            members.push((name, self.value(depth + 1)?));
            self.skip_whitespace();
            if self.eat(b'}') {
                return Some(Json::Object(members));
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Option<Json> {
        let negative = self.eat(b'-');
        let int_start = self.at;
        match self.digits() {
            0 => return None,
            1 => {}
            _ if self.bytes[int_start] == b'0' => return None,
            _ => {}
        }
        let int_end = self.at;
        let mut integer = !negative;
        if self.eat(b'.') {
            integer = false;
            if self.digits() == 0 {
                return None;
            }
        }
        if self.eat(b'e') || self.eat(b'E') {
            integer = false;
            let _ = self.eat(b'+') || self.eat(b'-');
            if self.digits() == 0 {
                return None;
            }
        }
        let text = std::str::from_utf8(&self.bytes[int_start..int_end]).ok()?;
        Some(Json::Number(if integer { text.parse().ok() } else { None }))
    }

    /// A string starting at the opening quote.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return String::from_utf8(out).ok();
                }
                b'\\' => {
                    self.at += 1;
                    let c = self.escape()?;
                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                byte if byte < 0x20 => return None,
                byte => {
                    out.push(byte);
                    self.at += 1;
                }
            }
        }
    }

    fn escape(&mut self) -> Option<char> {
        let byte = self.peek()?;
        self.at += 1;
        Some(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return None;
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    _ => char::from_u32(unit)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.at..self.at + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(text, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(members: &[(&str, Json)]) -> Json {
        Json::Object(members.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
    }

    #[test]
    fn reads_every_kind_of_value() {
        let text = r#" {"a": [null, true, false, 0, 42, "x"], "b": {"c": "d"}, "e": []} "#;
        let expected = object(&[
            (
                "a",
                Json::Array(vec![
                    Json::Null,
                    Json::Bool(true),
                    Json::Bool(false),
                    Json::Number(Some(0)),
                    Json::Number(Some(42)),
                    Json::String("x".into()),
                ]),
            ),
            ("b", object(&[("c", Json::String("d".into()))])),
            ("e", Json::Array(vec![])),
        ]);
        assert_eq!(Json::parse(text), Some(expected));
    }

    #[test]
    fn numbers_have_a_value_only_as_non_negative_integers_that_fit() {
        for (text, value) in [
            ("7", Some(7)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None),
            ("-3", None),
            ("-0", None),
            ("12.5", None),
            ("12.0", None),
            ("1e3", None),
            ("1E-3", None),
        ] {
            assert_eq!(Json::parse(text), Some(Json::Number(value)), "{text}");
        }
        for bad in ["01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity"] {
            assert_eq!(Json::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn strings_unescape_every_json_escape() {
        let text = r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83e\udd86 plain é🦆""#;
        let expected = "q\" b\\ s/ \u{8}\u{c}\n\r\t é 🦆 plain é🦆";
        assert_eq!(Json::parse(text), Some(Json::String(expected.into())));
        for bad in [
            r#""unterminated"#,
            "\"raw\ncontrol\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\ud83e""#,
            r#""\ud83e\u0041""#,
            r#""\udd86""#,
        ] {
            assert_eq!(Json::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn anything_but_one_whole_value_is_refused() {
        for bad in [
            "",
            "   ",
            "<html>",
            "{} {}",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{a:1}",
            "nul",
            "truex",
            "{\"a\":1",
        ] {
            assert_eq!(Json::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(Json::parse(&deep(MAX_DEPTH)).is_some());
        assert_eq!(Json::parse(&deep(MAX_DEPTH + 2)), None);
        assert_eq!(Json::parse(&"[".repeat(100_000)), None);
    }

    #[test]
    fn typed_member_readers_treat_other_types_as_absent() {
        let json =
            Json::parse(r#"{"s":"x","n":5,"b":true,"o":{},"z":null,"f":1.5,"s":"last"}"#).expect("parses");
        assert_eq!(json.str_at("s"), Some("last"), "a repeated key reads as its last occurrence");
        assert_eq!(json.u64_at("n"), Some(5));
        assert_eq!(json.bool_at("b"), Some(true));
        assert!(json.object_at("o").is_some());
        for key in ["z", "f", "missing", "o"] {
            assert_eq!(json.str_at(key), None, "{key}");
            assert_eq!(json.u64_at(key), None, "{key}");
            assert_eq!(json.bool_at(key), None, "{key}");
        }
        assert_eq!(json.object_at("s"), None);
        assert_eq!(Json::String("x".into()).get("s"), None);
    }

    #[test]
    fn lists_are_arrays_or_a_single_object() {
        let json = Json::parse(r#"{"a":[1,"x"],"o":{"k":1},"n":null,"s":"x"}"#).expect("parses");
        assert_eq!(json.list_at("a").len(), 2);
        assert_eq!(json.list_at("o"), [object(&[("k", Json::Number(Some(1)))])]);
        for key in ["n", "s", "missing"] {
            assert!(json.list_at(key).is_empty(), "{key}");
        }
    }

    #[test]
    fn request_bodies_escape_what_json_requires() {
        let body = write_data(&[("type", "t"), ("password", " q\"\\\n\t\u{1} é🦆 ")]);
        assert_eq!(body, "{\"data\":{\"type\":\"t\",\"password\":\" q\\\"\\\\\\n\\t\\u0001 é🦆 \"}}");
        let read = Json::parse(&body).expect("our own output parses");
        assert_eq!(read.object_at("data").and_then(|d| d.str_at("password")), Some(" q\"\\\n\t\u{1} é🦆 "));
        assert_eq!(write_data(&[]), "{\"data\":{}}");
    }
}
