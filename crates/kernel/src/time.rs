//! Dates as people in Huế see them.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Vietnam keeps UTC+7 all year (no daylight saving).
pub const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// Today's date in Vietnam: certifications expire at the end of this day.
pub fn today_in_vietnam(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&VIETNAM).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vietnamese_day_starts_at_17_utc() {
        let before = "2026-11-26T16:59:59Z".parse::<DateTime<Utc>>().unwrap();
        let after = "2026-11-26T17:00:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(today_in_vietnam(before).to_string(), "2026-11-26");
        assert_eq!(today_in_vietnam(after).to_string(), "2026-11-27");
    }
}
