//! A small parser for the IMF-fixdate form of HTTP dates (RFC 9110 §5.6.7).

/// Month names in IMF-fixdate, in calendar order.
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Day names in IMF-fixdate.
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT` into Unix epoch seconds.
///
/// Exactly the fixed format: the day name must be one of the seven (it is not checked against the
/// date), day and time fields two digits, year four digits, zone literally `GMT`. Dates before 1970 give
/// `None`. Invalid calendar dates (31 Feb, 25:00) give `None`; a leap second (`:60`) is accepted as
/// the next second.
pub fn parse_imf_fixdate(value: &str) -> Option<u64> {
    let bytes = value.as_bytes();
    if bytes.len() != 29 || !value.is_ascii() {
        return None;
    }
    // Fixed layout: "Www, DD Mmm YYYY HH:MM:SS GMT"
    let literal = |range: std::ops::Range<usize>, expected: &str| value.get(range) == Some(expected);
    let separators = literal(3..5, ", ")
        && literal(7..8, " ")
        && literal(11..12, " ")
        && literal(16..17, " ")
        && literal(19..20, ":")
        && literal(22..23, ":")
        && literal(25..29, " GMT");
    if !separators || !DAYS.iter().any(|day| literal(0..3, day)) {
        return None;
    }
    let day = digits(value, 5..7)?;
    let month = MONTHS.iter().position(|m| literal(8..11, m))? as u64 + 1;
    let year = digits(value, 12..16)?;
    let hour = digits(value, 17..19)?;
    let minute = digits(value, 20..22)?;
    let second = digits(value, 23..25)?;
    if year < 1970 || day == 0 || day > days_in_month(year, month) || hour > 23 || minute > 59 || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3600 + minute * 60 + second)
}

/// The decimal value of the ASCII digits at `range`.
fn digits(value: &str, range: std::ops::Range<usize>) -> Option<u64> {
    let text = value.get(range)?;
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Whether `year` is a Gregorian leap year.
fn is_leap(year: u64) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// Number of days in `month` (1-12) of `year`.
fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a Gregorian date on or after it (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    // Years start in March so the leap day is the last day of the year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let year_of_era = y - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719_468 = days from 0000-03-01 to 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_example() {
        assert_eq!(parse_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
    }

    #[test]
    fn epoch_and_known_dates() {
        assert_eq!(parse_imf_fixdate("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_imf_fixdate("Tue, 29 Feb 2000 12:00:00 GMT"), Some(951_825_600));
        assert_eq!(parse_imf_fixdate("Sat, 01 Jan 2000 00:00:00 GMT"), Some(946_684_800));
        assert_eq!(parse_imf_fixdate("Fri, 31 Dec 2100 23:59:59 GMT"), Some(4_133_980_799));
        // Leap second counts as the next second.
        assert_eq!(parse_imf_fixdate("Wed, 31 Dec 2025 23:59:60 GMT"), Some(1_767_225_600));
    }

    #[test]
    fn rejects_invalid_dates_and_formats() {
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Feb 2024 08:49:37 GMT",
            "Mon, 29 Feb 1900 00:00:00 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT ",
            "Sun, 06 Nov +994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:4ä:3 GMT",
            "",
        ] {
            assert_eq!(parse_imf_fixdate(bad), None, "{bad:?}");
        }
    }
}
