//! Hand-written `application/x-www-form-urlencoded` encoding and decoding (no dependencies).

/// Percent-encodes one name or value for `application/x-www-form-urlencoded`.
///
/// ASCII letters, digits and `-._~` are kept; a space becomes `+`; every other byte of the UTF-8
/// encoding becomes `%XX` (upper-case hex).
pub fn encode_component(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &byte in value.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
        }
    }
    out
}

/// Decodes a query or fragment string into `(name, value)` pairs, in order.
///
/// A leading `?` or `#` is skipped; pairs are separated by `&`; a pair without `=` has an empty value;
/// empty pairs are skipped. `+` decodes to a space and `%XX` to a byte. A `%` not followed by two hex
/// digits is kept literally, and invalid UTF-8 is replaced by U+FFFD: decoding never fails or panics.
pub fn parse_pairs(s: &str) -> Vec<(String, String)> {
    let s = s.strip_prefix('?').or_else(|| s.strip_prefix('#')).unwrap_or(s);
    s.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

/// Decodes one `application/x-www-form-urlencoded` component, lossily.
fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'+' => out.push(b' '),
            b'%' => {
                let high = bytes.get(i + 1).copied().and_then(hex_value);
                let low = bytes.get(i + 2).copied().and_then(hex_value);
                if let (Some(high), Some(low)) = (high, low) {
                    out.push(high << 4 | low);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            _ => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of one ASCII hex digit.
fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}
