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

/// A reported figure in the reader's language: Chinese readers count in 万, so an exact
/// 30000 reads 3万; English groups thousands (30,000). A figure that 万 could only round
/// (16134) is left whole: on an accountability site the exact count matters more.
pub fn figure(v: f64, lang: &str) -> String {
    if !v.is_finite() {
        return "—".to_string();
    }
    if lang != "en" {
        let wan = v / 10_000.0;
        if v.abs() >= 10_000.0 && (wan * 100.0 - (wan * 100.0).round()).abs() < 1e-6 {
            return format!("{}万", number(wan));
        }
        return number(v);
    }
    let plain = number(v);
    let (int, frac) = plain
        .split_once('.')
        .map_or((plain.as_str(), None), |(i, f)| (i, Some(f)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
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
        assert_eq!(figure(30000.0, "zh-Hans"), "3万");
        assert_eq!(figure(49000.0, "zh-Hans"), "4.9万");
        assert_eq!(figure(16134.0, "zh-Hans"), "16134");
        assert_eq!(figure(9.9, "zh-Hans"), "9.9");
        assert_eq!(figure(30000.0, "en"), "30,000");
        assert_eq!(figure(1234567.5, "en"), "1,234,567.5");
        assert_eq!(figure(999.0, "en"), "999");
        let d = Date::new(2024, 9, 30).unwrap();
        assert_eq!(date(d, "zh-Hans"), "2024年9月30日");
        assert_eq!(date(d, "en"), "30 Sep 2024");
    }
}
