//! Numbers, money and links as the shop writes them.

use kernel::{Locale, Money};

/// `350.000 ₫`, or `120.000 ₫ – 250.000 ₫` for a range.
pub fn price_range(low: Money, high: Money) -> String {
    if low == high {
        low.to_string()
    } else {
        format!("{low} – {high}")
    }
}

/// A date the way readers of `locale` write it: `15/10/2024`,
/// `15 Oct 2024` or `2024年10月15日`.
pub fn date(date: chrono::NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Vi => date.format("%d/%m/%Y").to_string(),
        Locale::En => date.format("%-d %b %Y").to_string(),
        Locale::Ja | Locale::Zh => date.format("%Y年%-m月%-d日").to_string(),
    }
}

/// `path?key=value&...`, leaving out empty values.
pub fn link<K: AsRef<str>, V: AsRef<str>>(path: &str, params: &[(K, V)]) -> String {
    let params: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    match serde_urlencoded::to_string(&params) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_encode_their_values_and_drop_empty_ones() {
        assert_eq!(
            link(
                "/search",
                &[("q", "giỏ mây".into()), ("page", String::new())]
            ),
            "/search?q=gi%E1%BB%8F+m%C3%A2y"
        );
        assert_eq!(link::<&str, &str>("/cooperatives", &[]), "/cooperatives");
    }

    #[test]
    fn price_ranges_collapse_when_equal() {
        assert_eq!(
            price_range(Money::vnd(1000), Money::vnd(1000)),
            "1.000\u{a0}₫"
        );
        assert_eq!(
            price_range(Money::vnd(1000), Money::vnd(25000)),
            "1.000\u{a0}₫ – 25.000\u{a0}₫"
        );
    }

    #[test]
    fn dates_follow_the_reader() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 10, 15).unwrap();
        assert_eq!(date(d, Locale::Vi), "15/10/2024");
        assert_eq!(date(d, Locale::En), "15 Oct 2024");
    }
}
