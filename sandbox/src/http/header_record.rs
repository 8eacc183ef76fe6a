//! The request headers as the request log shows them: every header's name, but only the values a
//! secrecy test must see (`Referer`, `Cookie`, `Origin`); every other value (a bearer token, an
//! account-management token, …) is redacted.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use axum::http::header::{COOKIE, HeaderName, ORIGIN, REFERER};

/// Headers whose values are kept as sent.
const KEPT: [HeaderName; 3] = [REFERER, COOKIE, ORIGIN];

/// What a redacted value reads.
pub const REDACTED: &str = "[redacted]";

/// Longest kept value, in bytes; a longer one is cut (at a character boundary) and marked.
pub const MAX_VALUE_BYTES: usize = 4096;

/// Most header names recorded per request; the log stays bounded whatever a client sends.
pub const MAX_HEADERS: usize = 64;

/// Marks a value cut at [`MAX_VALUE_BYTES`].
const CUT: &str = "…[cut]";

/// The record of `headers`: lowercase name → value (kept, or [`REDACTED`]); repeated headers' values
/// joined with `, ` (`Cookie` with `; `). Values that are not UTF-8 are read lossily.
pub fn record(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut record = BTreeMap::new();
    for name in headers.keys().take(MAX_HEADERS) {
        let value = if KEPT.contains(name) {
            let separator = if *name == COOKIE { "; " } else { ", " };
            let values: Vec<String> = headers
                .get_all(name)
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect();
            cut(values.join(separator))
        } else {
            REDACTED.to_string()
        };
        record.insert(name.as_str().to_string(), value);
    }
    record
}

fn cut(mut value: String) -> String {
    if value.len() > MAX_VALUE_BYTES {
        let mut end = MAX_VALUE_BYTES;
        while !value.is_char_boundary(end) {
            end -= 1;
        }
        value.truncate(end);
        value.push_str(CUT);
    }
    value
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn keeps_referer_cookie_and_origin_and_redacts_the_rest() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("Bearer secret-token"));
        headers.insert("ep-account-management-authentication-token", HeaderValue::from_static("eyJ.x.y"));
        headers
            .insert("referer", HeaderValue::from_static("http://shop.example/change_password?token=abc123"));
        headers.insert("origin", HeaderValue::from_static("http://shop.example"));
        headers.append("cookie", HeaderValue::from_static("a=1"));
        headers.append("cookie", HeaderValue::from_static("b=2"));
        headers.append("accept", HeaderValue::from_static("application/json"));
        headers.append("accept", HeaderValue::from_static("text/plain"));
        let record = record(&headers);
        assert_eq!(record["authorization"], REDACTED);
        assert_eq!(record["ep-account-management-authentication-token"], REDACTED);
        assert_eq!(record["accept"], REDACTED);
        assert_eq!(record["referer"], "http://shop.example/change_password?token=abc123");
        assert_eq!(record["origin"], "http://shop.example");
        assert_eq!(record["cookie"], "a=1; b=2");
        assert!(!format!("{record:?}").contains("secret-token"));
    }

    #[test]
    fn long_values_are_cut_and_the_number_of_names_is_bounded() {
        let mut headers = HeaderMap::new();
        let long = format!("http://x/{}", "é".repeat(MAX_VALUE_BYTES));
        headers.insert("referer", HeaderValue::from_str(&long).expect("header value"));
        for n in 0..2 * MAX_HEADERS {
            headers.insert(
                HeaderName::from_bytes(format!("x-h{n}").as_bytes()).expect("name"),
                HeaderValue::from_static("v"),
            );
        }
        let record = record(&headers);
        assert_eq!(record.len(), MAX_HEADERS);
        let referer = &record["referer"];
        assert!(referer.ends_with(CUT) && referer.len() <= MAX_VALUE_BYTES + CUT.len(), "{}", referer.len());
    }
}
