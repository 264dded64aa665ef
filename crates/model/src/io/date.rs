//! Calendar days. Exports carry a date only, never a time: finer times could re-identify a respondent.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Day {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Day> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Day { year, month, day })
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = text[0..4].parse().ok()?;
        let month = text[5..7].parse().ok()?;
        let day = text[8..10].parse().ok()?;
        Day::new(year, month, day)
    }

    /// 2026年11月21日
    pub fn japanese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_iso_dates() {
        let day = Day::new(2026, 11, 21).unwrap();
        assert_eq!(day.to_string(), "2026-11-21");
        assert_eq!(Day::parse("2026-11-21"), Some(day));
        assert_eq!(day.japanese(), "2026年11月21日");
    }

    #[test]
    fn rejects_impossible_and_timed_dates() {
        assert_eq!(Day::parse("2026-02-29"), None);
        assert!(Day::parse("2024-02-29").is_some());
        assert_eq!(Day::parse("2026-13-01"), None);
        assert_eq!(Day::parse("2026-11-21T10:00:00Z"), None);
        assert_eq!(Day::parse("21/11/2026"), None);
    }
}
