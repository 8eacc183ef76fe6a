//! A minimal base64url decoder (RFC 4648 §5), enough to read a JWT payload without a dependency.

/// Decodes base64url text, with or without `=` padding. Returns `None` for any other character,
/// a length that cannot come from an encoder, or non-zero padding bits.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let unpadded = text.trim_end_matches('=');
    if text.len() - unpadded.len() > 2 || unpadded.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(unpadded.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits: u32 = 0;
    for byte in unpadded.bytes() {
        buffer = (buffer << 6) | u32::from(sextet(byte)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    // Leftover bits must be zero in canonical encodings; anything else is not a real token.
    (buffer & ((1 << bits) - 1) == 0).then_some(out)
}

/// The 6-bit value of one base64url character.
fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (encoded, plain) in [
            ("", ""),
            ("Zg", "f"),
            ("Zm8", "fo"),
            ("Zm9v", "foo"),
            ("Zm9vYg", "foob"),
            ("Zm9vYmE", "fooba"),
            ("Zm9vYmFy", "foobar"),
            ("Zg==", "f"),
            ("Zm8=", "fo"),
        ] {
            assert_eq!(decode(encoded).as_deref(), Some(plain.as_bytes()), "{encoded}");
        }
    }

    #[test]
    fn url_alphabet() {
        assert_eq!(decode("-_8"), Some(vec![0xfb, 0xff]));
    }

    #[test]
    fn rejects_bad_input() {
        for bad in ["Z", "Zm9vY", "Zm+v", "Zm/v", "Zm9v===", "Zh", "Z m8", "Zm8\n", "é"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
