//! Instants as data: milliseconds since the Unix epoch, UTC. The core has no clock.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text::report::Report;

/// How to write a timestamp the core reads: the hint of every error about one.
pub(crate) const HINT: &str =
    "write an RFC 3339 instant such as '2024-07-01T00:00:00+07:00', or a date such as '2024-07-01' (midnight UTC)";

/// A timestamp that is not RFC 3339 (`2024-07-01`, `2024-07-01T00:00:00Z`, `…+07:00`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid timestamp '{input}' at byte {offset}: expected {expected}")]
pub struct TimestampError {
    pub input: String,
    pub offset: usize,
    pub expected: &'static str,
}

impl Report for TimestampError {
    fn code(&self) -> &'static str {
        "invalid-timestamp"
    }
    fn hint(&self) -> String {
        HINT.into()
    }
    fn offset(&self) -> Option<usize> {
        Some(self.offset)
    }
}

/// An instant in milliseconds since 1970-01-01T00:00:00Z. Serialized as a JSON integer;
/// deserialized from an integer or an RFC 3339 string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
// Read from either; the core always writes the integer.
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "number | string"))]
pub struct Timestamp(pub i64);

const MS_PER_DAY: i64 = 86_400_000;

impl Timestamp {
    /// Reads an RFC 3339 date-time (`2024-07-01T00:00:00Z`, `2024-07-01T07:00:00+07:00`,
    /// `2024-07-01T00:00:00.125Z`, `t`/`z` or a space accepted) or a bare date (`2024-07-01`,
    /// meaning midnight UTC). Fractional seconds beyond milliseconds are truncated; a leap
    /// second `:60` counts as the first instant of the next minute. A time without `Z` or an
    /// offset is refused rather than guessed: Vietnamese law runs on UTC+07:00.
    pub fn parse_rfc3339(input: &str) -> Result<Timestamp, TimestampError> {
        let mut r = Reader {
            input,
            bytes: input.as_bytes(),
            at: 0,
        };
        let year = r.digits(4, "a four-digit year")?;
        r.expect(b'-', "'-' after the year")?;
        let month = r.digits(2, "a two-digit month")?;
        if !(1..=12).contains(&month) {
            return Err(r.error_at(r.at.saturating_sub(2), "a month from 01 to 12"));
        }
        r.expect(b'-', "'-' after the month")?;
        let day = r.digits(2, "a two-digit day")?;
        if day < 1 || day > days_in_month(year, month) {
            return Err(r.error_at(r.at.saturating_sub(2), "a day that exists in that month"));
        }
        let days = days_from_civil(year, month, day);
        if r.at == r.bytes.len() {
            return Ok(Timestamp(days * MS_PER_DAY));
        }
        match r.peek() {
            Some(b'T' | b't' | b' ') => r.at += 1,
            _ => return Err(r.error("'T' and a time, or the end of a bare date")),
        }
        let hour = r.digits(2, "a two-digit hour")?;
        if hour > 23 {
            return Err(r.error_at(r.at.saturating_sub(2), "an hour from 00 to 23"));
        }
        r.expect(b':', "':' after the hour")?;
        let minute = r.digits(2, "two-digit minutes")?;
        if minute > 59 {
            return Err(r.error_at(r.at.saturating_sub(2), "minutes from 00 to 59"));
        }
        r.expect(b':', "':' and seconds after the minutes")?;
        let second = r.digits(2, "two-digit seconds")?;
        if second > 60 {
            return Err(r.error_at(r.at.saturating_sub(2), "seconds from 00 to 60"));
        }
        let mut millis = 0;
        if r.peek() == Some(b'.') {
            r.at += 1;
            let start = r.at;
            let mut scale = 100;
            while let Some(d) = r.peek().filter(u8::is_ascii_digit) {
                millis += i64::from(d - b'0') * scale;
                scale /= 10;
                r.at += 1;
            }
            if r.at == start {
                return Err(r.error("digits after the decimal point"));
            }
        }
        let offset_minutes = match r.peek() {
            Some(b'Z' | b'z') => {
                r.at += 1;
                0
            }
            Some(sign @ (b'+' | b'-')) => {
                r.at += 1;
                let h = r.digits(2, "a two-digit offset hour")?;
                if h > 23 {
                    return Err(r.error_at(r.at.saturating_sub(2), "an offset hour from 00 to 23"));
                }
                r.expect(b':', "':' in the offset, like '+07:00'")?;
                let m = r.digits(2, "two-digit offset minutes")?;
                if m > 59 {
                    return Err(r.error_at(r.at.saturating_sub(2), "offset minutes from 00 to 59"));
                }
                let total = h * 60 + m;
                if sign == b'+' {
                    total
                } else {
                    -total
                }
            }
            _ => return Err(r.error("'Z' or an offset like '+07:00'")),
        };
        if r.at != r.bytes.len() {
            return Err(r.error("the end of the timestamp"));
        }
        let seconds = ((hour * 60 + minute - offset_minutes) * 60) + second;
        Ok(Timestamp(days * MS_PER_DAY + seconds * 1000 + millis))
    }

    /// The instant as `YYYY-MM-DDTHH:MM:SS.sssZ` (proleptic Gregorian, UTC), for messages.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms = self.0.rem_euclid(MS_PER_DAY);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

struct Reader<'a> {
    input: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn error_at(&self, offset: usize, expected: &'static str) -> TimestampError {
        TimestampError {
            input: self.input.to_owned(),
            offset,
            expected,
        }
    }

    fn error(&self, expected: &'static str) -> TimestampError {
        self.error_at(self.at, expected)
    }

    fn digits(&mut self, n: usize, expected: &'static str) -> Result<i64, TimestampError> {
        let mut value = 0;
        for _ in 0..n {
            match self.peek() {
                Some(d @ b'0'..=b'9') => {
                    value = value * 10 + i64::from(d - b'0');
                    self.at += 1;
                }
                _ => return Err(self.error(expected)),
            }
        }
        Ok(value)
    }

    fn expect(&mut self, b: u8, expected: &'static str) -> Result<(), TimestampError> {
        if self.peek() == Some(b) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("milliseconds since the Unix epoch, or an RFC 3339 date-time string")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
                Ok(Timestamp(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
                i64::try_from(v)
                    .map(Timestamp)
                    .map_err(|_| E::custom(format!("timestamp {v} is out of range")))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
                // JavaScript numbers arrive as f64; only whole milliseconds in range are instants.
                if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(Timestamp(v as i64))
                } else {
                    Err(E::custom(format!(
                        "timestamp {v} is not a whole number of milliseconds"
                    )))
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_rfc3339(v).map_err(E::custom)
            }
        }

        deserializer.deserialize_any(TimestampVisitor)
    }
}
