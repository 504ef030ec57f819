//! Numbers and dates as readers of each language expect them.

use jiff::civil::Date;

/// A figure as a report would print it: no trailing zeros, at most two decimals.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A percentage to one decimal, as reports give completion rates (94.3%).
pub fn percent(v: f64) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    format!("{v:.1}%")
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn date(d: Date, lang: &str) -> String {
    if lang == "en" {
        format!(
            "{} {} {}",
            d.day(),
            MONTHS[(d.month() - 1) as usize],
            d.year()
        )
    } else {
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_like_reports() {
        assert_eq!(number(30000.0), "30000");
        assert_eq!(number(9.9), "9.9");
        assert_eq!(number(81.25), "81.25");
        assert_eq!(percent(467.0 / 495.0 * 100.0), "94.3%");
        assert_eq!(percent(372.7), "372.7%");
        let d = Date::new(2024, 9, 30).unwrap();
        assert_eq!(date(d, "zh-Hans"), "2024年9月30日");
        assert_eq!(date(d, "en"), "30 Sep 2024");
    }
}
