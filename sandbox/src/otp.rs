//! The one-time-password state machine: issue, redeem once, expire, invalidate, lock.

use std::collections::HashMap;

/// How long a one-time password is valid, in seconds (EP: "valid for 10 minutes").
pub const OTP_TTL_SECS: i64 = 600;

/// Wrong codes after which a user's current code is invalidated.
pub const MAX_FAILURES: u32 = 5;

/// Length of a one-time password (`[a-z0-9]`).
pub const OTP_LEN: usize = 6;

/// Why a code was not accepted. All of them answer the same `401` to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtpRejection {
    /// No code is pending (never issued, used, replaced or locked).
    NonePending,
    /// The pending code has expired; it is removed.
    Expired,
    /// The code is wrong; the pending code stays unless this was the fifth failure.
    Wrong,
}

#[derive(Debug, Clone)]
struct Pending {
    code: String,
    expires_at: i64,
    failures: u32,
}

/// Pending codes, at most one per credential (user authentication password profile info id).
#[derive(Debug, Default, Clone)]
pub struct OtpBook {
    pending: HashMap<String, Pending>,
}

impl OtpBook {
    /// Records `code` for `credential_id`, replacing (invalidating) any older code. Returns its expiry.
    pub fn issue(&mut self, credential_id: &str, code: String, now: i64) -> i64 {
        let expires_at = now + OTP_TTL_SECS;
        self.pending.insert(credential_id.to_string(), Pending { code, expires_at, failures: 0 });
        expires_at
    }

    /// Accepts `code` once if it is the pending, unexpired code for `credential_id`.
    pub fn redeem(&mut self, credential_id: &str, code: &str, now: i64) -> Result<(), OtpRejection> {
        let Some(pending) = self.pending.get_mut(credential_id) else {
            return Err(OtpRejection::NonePending);
        };
        if now >= pending.expires_at {
            self.pending.remove(credential_id);
            return Err(OtpRejection::Expired);
        }
        if pending.code != code {
            pending.failures += 1;
            if pending.failures >= MAX_FAILURES {
                self.pending.remove(credential_id);
            }
            return Err(OtpRejection::Wrong);
        }
        self.pending.remove(credential_id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_use() {
        let mut book = OtpBook::default();
        book.issue("u", "abc123".into(), 0);
        assert_eq!(book.redeem("u", "abc123", 1), Ok(()));
        assert_eq!(book.redeem("u", "abc123", 1), Err(OtpRejection::NonePending));
    }

    #[test]
    fn expires_after_ten_minutes() {
        let mut book = OtpBook::default();
        book.issue("u", "abc123".into(), 0);
        assert_eq!(book.redeem("u", "abc123", 600), Err(OtpRejection::Expired));
        book.issue("u", "abc123".into(), 0);
        assert_eq!(book.redeem("u", "abc123", 599), Ok(()));
    }

    #[test]
    fn newer_code_invalidates_older() {
        let mut book = OtpBook::default();
        book.issue("u", "old111".into(), 0);
        book.issue("u", "new222".into(), 1);
        assert_eq!(book.redeem("u", "old111", 2), Err(OtpRejection::Wrong));
        assert_eq!(book.redeem("u", "new222", 2), Ok(()));
    }

    #[test]
    fn five_wrong_codes_lock() {
        let mut book = OtpBook::default();
        book.issue("u", "abc123".into(), 0);
        for _ in 0..MAX_FAILURES {
            assert_eq!(book.redeem("u", "zzzzzz", 1), Err(OtpRejection::Wrong));
        }
        assert_eq!(book.redeem("u", "abc123", 1), Err(OtpRejection::NonePending));
    }

    #[test]
    fn four_wrong_codes_do_not_lock() {
        let mut book = OtpBook::default();
        book.issue("u", "abc123".into(), 0);
        for _ in 1..MAX_FAILURES {
            assert_eq!(book.redeem("u", "zzzzzz", 1), Err(OtpRejection::Wrong));
        }
        assert_eq!(book.redeem("u", "abc123", 1), Ok(()));
        assert_eq!(book.redeem("other", "abc123", 1), Err(OtpRejection::NonePending));
    }
}
