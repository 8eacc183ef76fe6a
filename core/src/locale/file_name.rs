//! The name a non-English catalogue is served under: its language and a hash of its content, so the file
//! can be cached for a year and a changed catalogue is a new name.

use super::Locale;

/// FNV-1a (64 bits) of `bytes`. A `const fn`, so the app computes its catalogues' names at compile time
/// from the same bytes the build copies into `dist/`.
pub const fn content_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// `locales/<tag>-<16 hex digits>.txt`, relative to the app's base path.
pub fn file_name(locale: Locale, hash: u64) -> String {
    format!("locales/{}-{hash:016x}.txt", locale.tag())
}
