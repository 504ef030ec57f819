//! Calendar dates as the content format writes them (`YYYY-MM-DD`).

use jiff::civil::Date;

/// Parses a `YYYY-MM-DD` date that exists on the calendar.
pub fn parse(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    s.parse::<Date>().ok()
}

/// Share of the time from 1 January of `year` to `deadline` that has passed on `at`, in percent.
pub fn elapsed_percent(year: i16, deadline: Date, at: Date) -> f64 {
    let start = Date::new(year, 1, 1).unwrap_or(deadline);
    let total = (deadline - start).get_days() as f64 + 1.0;
    let done = (at - start).get_days() as f64 + 1.0;
    if total <= 0.0 {
        return 100.0;
    }
    (done / total * 100.0).clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_impossible_dates() {
        assert!(parse("2024-02-29").is_some());
        assert!(parse("2024-02-30").is_none());
        assert!(parse("2024-9-30").is_none());
    }

    #[test]
    fn end_of_september_is_three_quarters_of_the_year() {
        let p = elapsed_percent(
            2024,
            parse("2024-12-31").unwrap(),
            parse("2024-09-30").unwrap(),
        );
        assert!((p - 75.0).abs() < 0.5, "{p}");
    }
}
