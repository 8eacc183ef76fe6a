//! A deliberately simple strength hint (not zxcvbn: that would add hundreds of KiB to the WASM).
//!
//! Estimate, in "bits": `effective length × log2(pool)`.
//! - Effective length counts code points, except that a character repeating the previous one, or
//!   continuing a run of three or more consecutive code points (`abc`, `321`), counts 0.
//! - The pool is the sum of the classes present: lower-case ASCII 26, upper-case ASCII 26, digits 10,
//!   other ASCII (space, punctuation) 33, anything non-ASCII 100.
//! - Thresholds: below 40 → weak, below 60 → fair, below 80 → good, else strong.
//!
//! A password on the common list, equal to the username, or shorter than the policy minimum is weak
//! whatever the estimate.

/// The strength hint shown next to the password field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    /// Easy to guess.
    Weak,
    /// Guessable with effort.
    Fair,
    /// Good.
    Good,
    /// Strong.
    Strong,
}

/// Bits below which a password is [`Strength::Weak`].
pub const FAIR_BITS: f64 = 40.0;
/// Bits below which a password is [`Strength::Fair`].
pub const GOOD_BITS: f64 = 60.0;
/// Bits below which a password is [`Strength::Good`].
pub const STRONG_BITS: f64 = 80.0;

/// The estimate in bits, as described in the module docs.
pub fn estimate_bits(password: &str) -> f64 {
    let mut effective = 0u32;
    let (mut lower, mut upper, mut digit, mut symbol, mut other) = (false, false, false, false, false);
    let mut previous: Option<u32> = None;
    let mut step: Option<i64> = None;
    for c in password.chars() {
        match c {
            'a'..='z' => lower = true,
            'A'..='Z' => upper = true,
            '0'..='9' => digit = true,
            _ if c.is_ascii() => symbol = true,
            _ => other = true,
        }
        let code = u32::from(c);
        let this_step = previous.map(|p| i64::from(code) - i64::from(p));
        let repeat = this_step == Some(0);
        let continues_run = matches!((step, this_step), (Some(a), Some(b)) if a == b && (a == 1 || a == -1));
        if !repeat && !continues_run {
            effective += 1;
        }
        step = this_step;
        previous = Some(code);
    }
    let pool: u32 = [(lower, 26), (upper, 26), (digit, 10), (symbol, 33), (other, 100)]
        .iter()
        .filter(|(present, _)| *present)
        .map(|(_, size)| size)
        .sum();
    if pool == 0 {
        return 0.0;
    }
    f64::from(effective) * f64::from(pool).log2()
}

/// The hint for an estimate of `bits`.
pub fn from_bits(bits: f64) -> Strength {
    if bits < FAIR_BITS {
        Strength::Weak
    } else if bits < GOOD_BITS {
        Strength::Fair
    } else if bits < STRONG_BITS {
        Strength::Good
    } else {
        Strength::Strong
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strength(password: &str) -> Strength {
        from_bits(estimate_bits(password))
    }

    #[test]
    fn repeats_and_sequences_count_little() {
        assert_eq!(estimate_bits(""), 0.0);
        assert_eq!(strength("aaaaaaaaaaaaaaaaaaaa"), Strength::Weak);
        assert_eq!(strength("abcdefghijklmnopqrst"), Strength::Weak);
        assert_eq!(strength("12345678901234567890"), Strength::Weak);
        assert_eq!(strength("zyxwvutsrqponmlkjihg"), Strength::Weak);
    }

    #[test]
    fn typical_passwords() {
        assert_eq!(strength("qwertyui"), Strength::Weak);
        assert_eq!(strength("Summer2024"), Strength::Fair);
        assert_eq!(strength("Tr0ub4dor&3"), Strength::Good);
        assert_eq!(strength("correct horse battery staple"), Strength::Strong);
        assert_eq!(strength("ñandú pájaro 🦆 ünïcödé"), Strength::Strong);
    }

    #[test]
    fn order_of_hints() {
        assert!(Strength::Weak < Strength::Fair && Strength::Good < Strength::Strong);
    }
}
