//! Instants and calendar dates, UTC, parsed from RFC 3339 text.
//!
//! Hand-written rather than a date crate: the widget needs only parse, compare and
//! print, and the browser's `Intl` formats for display.

use core::fmt;

/// Seconds since the Unix epoch, UTC. Serialised as RFC 3339 (`2026-11-22T10:00:00Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// A calendar day (days since 1970-01-01). Serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

const DAY: i64 = 86_400;

impl Timestamp {
    /// Parses RFC 3339 `date-time` (section 5.6) strictly, in the one spelling the
    /// format writes: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`. Refused, so every
    /// reader of a manifest agrees on every instant: a space or lower-case `t` for
    /// the separator and a lower-case `z` (the RFC's readability notes, which other
    /// parsers read differently or not at all), offsets beyond ±23:59, and second 60
    /// anywhere but a leap second (23:59:60 UTC on the last day of a month, 5.7).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let date = Date::parse(s.get(..10)?)?;
        let (h, m, sec) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
        if h > 23 || m > 59 || sec > 60 {
            return None;
        }
        let mut rest = &b[19..];
        if rest.first() == Some(&b'.') {
            let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            rest = &rest[1 + digits..];
        }
        let offset = match rest {
            [b'Z'] => 0,
            [sign @ (b'+' | b'-'), hh, hh2, b':', mm, mm2] => {
                let (oh, om) = (num(&[*hh, *hh2])?, num(&[*mm, *mm2])?);
                if oh > 23 || om > 59 {
                    return None;
                }
                let o = oh * 3600 + om * 60;
                if *sign == b'+' {
                    o
                } else {
                    -o
                }
            }
            _ => return None,
        };
        let at = i64::from(date.0) * DAY + h * 3600 + m * 60 + sec.min(59) - offset;
        if sec == 60 && !is_leap_second_slot(at) {
            return None;
        }
        // A leap second reads as the first instant of the next day (no leap-second
        // table: seconds since the epoch here are POSIX seconds).
        Some(Timestamp(at + i64::from(sec == 60)))
    }

    /// The calendar day (UTC) this instant falls on.
    pub fn date(self) -> Date {
        Date(self.0.div_euclid(DAY) as i32)
    }

    /// This instant plus a number of seconds.
    pub fn plus_seconds(self, s: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(s))
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let (y, m, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return None;
        }
        Some(Date(days_from_civil(y, m, d) as i32))
    }

    /// The first instant of this day, UTC.
    pub fn start(self) -> Timestamp {
        Timestamp(i64::from(self.0) * DAY)
    }

    /// The first instant of the next day, UTC: a certificate valid "until" a date is
    /// valid through the whole of that day.
    pub fn end(self) -> Timestamp {
        Timestamp((i64::from(self.0) + 1) * DAY)
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i64, i64, i64) {
        civil_from_days(i64::from(self.0))
    }
}

fn num(b: &[u8]) -> Option<i64> {
    let mut n = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(c - b'0');
    }
    Some(n)
}

/// Whether `at` (read as second 59) is 23:59:59 UTC on the last day of a month,
/// the only place RFC 3339 5.7 lets second 60 stand.
fn is_leap_second_slot(at: i64) -> bool {
    let (y, m, d) = civil_from_days(at.div_euclid(DAY));
    at.rem_euclid(DAY) == DAY - 1 && d == days_in_month(y, m)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms (public domain).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.rem_euclid(DAY);
        write!(
            f,
            "{}T{:02}:{:02}:{:02}Z",
            self.date(),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

macro_rules! serde_as_text {
    ($t:ty, $what:literal, $format:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s: alloc::borrow::Cow<'de, str> = serde::Deserialize::deserialize(d)?;
                <$t>::parse(&s).ok_or_else(|| {
                    serde::de::Error::custom(alloc::format!(concat!("invalid ", $what, " {:?}"), s))
                })
            }
        }
        impl crate::json::FromJson for $t {
            fn from_json(v: &crate::json::Json) -> Result<Self, crate::json::JsonError> {
                let s = v.str()?;
                <$t>::parse(s).ok_or_else(|| {
                    crate::json::JsonError::new(alloc::format!(concat!("invalid ", $what, " {:?}"), s))
                })
            }
        }
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $t {
            fn schema_name() -> alloc::borrow::Cow<'static, str> {
                stringify!($t).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "format": $format })
            }
        }
    };
}
serde_as_text!(Timestamp, "RFC 3339 timestamp", "date-time");
serde_as_text!(Date, "date (YYYY-MM-DD)", "date");

/// Parses a duration such as `7d`, `36h`, `90m` or `3600s` into seconds.
pub fn parse_duration(s: &str) -> Option<i64> {
    // The unit is one ASCII letter; a multi-byte last character would make
    // `split_at` panic off a char boundary.
    let (n, unit) = s.split_at(s.len().checked_sub(1).filter(|&i| s.is_char_boundary(i))?);
    // Digits only: `str::parse` would also take a sign (`+7d`).
    if n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = n.parse().ok().filter(|n| *n > 0)?;
    let mult = match unit {
        "d" => DAY,
        "h" => 3600,
        "m" => 60,
        "s" => 1,
        _ => return None,
    };
    n.checked_mul(mult)
}

/// Shorthand used by tests and the CLI.
pub fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|| panic!("bad timestamp {s}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn round_trips() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2026-11-22T10:05:09Z",
            "2000-02-29T23:59:59Z",
        ] {
            assert_eq!(alloc::format!("{}", ts(s)), s);
        }
        assert_eq!(ts("2026-11-22T12:00:00+02:00"), ts("2026-11-22T10:00:00Z"));
        assert_eq!(ts("2026-11-22T10:00:00.123Z"), ts("2026-11-22T10:00:00Z"));
        assert_eq!(Date::parse("2026-02-28").unwrap().to_string(), "2026-02-28");
    }

    #[test]
    fn rejects_nonsense() {
        for s in [
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-22",
            "2026-11-22T10:00:00",
            "x",
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(parse_duration("7d"), Some(7 * DAY));
        assert_eq!(parse_duration("0d"), None);
        assert_eq!(parse_duration("d"), None);
    }

    /// RFC 3339 section 5.6 in the format's one spelling; each refusal is a
    /// laxness the parser had (it read them, some as other instants).
    #[test]
    fn strictly_rfc_3339() {
        for (s, same_as) in [
            ("2026-11-22T10:00:00.5Z", "2026-11-22T10:00:00Z"),
            ("2026-11-22T10:00:00-00:00", "2026-11-22T10:00:00Z"),
            ("2026-11-23T09:59:00+23:59", "2026-11-22T10:00:00Z"),
            ("2026-11-21T10:01:00-23:59", "2026-11-22T10:00:00Z"),
            // Leap seconds, at 23:59:60 UTC on a month's last day, in any offset.
            ("2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z"),
            ("2017-01-01T00:59:60+01:00", "2017-01-01T00:00:00Z"),
            ("2015-06-30T23:59:60.25Z", "2015-07-01T00:00:00Z"),
        ] {
            assert_eq!(Timestamp::parse(s), Some(ts(same_as)), "{s}");
        }
        for s in [
            "2026-11-22 10:00:00Z",      // space separator
            "2026-11-22t10:00:00Z",      // lower-case separator
            "2026-11-22T10:00:00z",      // lower-case Z
            "2026-11-22_10:00:00Z",      // any other separator
            "2026-11-22T10:00:00+24:00", // offset hour beyond 23
            "2026-11-22T10:00:00-99:00",
            "2026-11-22T10:00:00+01:60", // offset minute beyond 59
            "2026-11-22T10:00:00+0100",  // offset without colon
            "2026-11-22T10:00:00+01",
            "2026-11-22T10:00:60Z", // second 60 but not a leap second
            "2026-11-30T23:58:60Z",
            "2026-11-29T23:59:60Z", // 23:59:60, but not a month's last day
            "2016-12-31T23:59:60+01:00", // 22:59:60 UTC
            "2026-11-22T24:00:00Z",
            "2026-11-22T10:00:00.Z",
            "2026-11-22T10:00:00Z ",
            " 2026-11-22T10:00:00Z",
            "+2026-11-22T10:00:00Z",
            "2026-11-22T1:00:00Z",
            "2026-11-22T10:00:00+１0:00", // non-ASCII digits
        ] {
            assert_eq!(Timestamp::parse(s), None, "{s}");
        }
        assert_eq!(parse_duration("+7d"), None);
        assert_eq!(parse_duration("-7d"), None);
        assert_eq!(parse_duration("7 d"), None);
    }

    #[test]
    fn date_bounds() {
        let d = Date::parse("2026-11-22").unwrap();
        assert_eq!(d.start(), ts("2026-11-22T00:00:00Z"));
        assert_eq!(d.end(), ts("2026-11-23T00:00:00Z"));
        assert_eq!(ts("2026-11-22T23:59:59Z").date(), d);
    }
}
