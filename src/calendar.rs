//! Calendar months: the model's clock.
//!
//! Scenario files name months as `"YYYY-MM"`; the engine counts months from the scenario's start
//! as small signed integers (`i32`, month 0 is the start month). Nothing here knows about days.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A calendar month, e.g. April 2013.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Months since January of year 0: `year * 12 + (month - 1)`.
    serial: i32,
}

impl YearMonth {
    /// Builds a month; `month` is 1–12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || !(1900..=2200).contains(&year) {
            return None;
        }
        Some(Self {
            serial: year * 12 + month as i32 - 1,
        })
    }

    pub fn year(self) -> i32 {
        self.serial.div_euclid(12)
    }

    pub fn month(self) -> u32 {
        (self.serial.rem_euclid(12) + 1) as u32
    }

    /// The month `n` months after this one (`n` may be negative).
    pub fn plus(self, n: i32) -> Self {
        Self {
            serial: self.serial + n,
        }
    }

    /// Months from `earlier` to `self` (negative when `self` is earlier).
    pub fn months_since(self, earlier: YearMonth) -> i32 {
        self.serial - earlier.serial
    }

    /// Fractional calendar year of the middle of this month, e.g. 2013.29 for April 2013.
    pub fn decimal_year(self) -> f64 {
        self.year() as f64 + (self.month() as f64 - 0.5) / 12.0
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl FromStr for YearMonth {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad =
            || format!("expected a month as \"YYYY-MM\" between 1900-01 and 2200-12, got {s:?}");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        YearMonth::new(year, month).ok_or_else(bad)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Piecewise-linear path through `(month, value)` points, flat outside them; 0 if empty.
pub fn interpolate(points: &[(i32, f64)], t: i32) -> f64 {
    match points {
        [] => 0.0,
        [first, ..] if t <= first.0 => first.1,
        [.., last] if t >= last.0 => last.1,
        _ => {
            let i = points
                .iter()
                .position(|p| p.0 > t)
                .expect("t is inside the path");
            let (a, b) = (points[i - 1], points[i]);
            a.1 + (b.1 - a.1) * (t - a.0) as f64 / (b.0 - a.0) as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_formats_and_counts() {
        let a: YearMonth = "2013-04".parse().unwrap();
        assert_eq!(a.to_string(), "2013-04");
        assert_eq!(a.plus(9).to_string(), "2014-01");
        assert_eq!(a.plus(-4).to_string(), "2012-12");
        let b: YearMonth = "2030-12".parse().unwrap();
        assert_eq!(b.months_since(a), 212);
        for bad in ["2013-13", "2013-4", "13-04", "2013/04", "", "2013-00"] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }
}
