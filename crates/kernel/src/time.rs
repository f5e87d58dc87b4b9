//! Dates as people in Huế see them.

use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate, TimeZone, Utc};

/// Vietnam keeps UTC+7 all year (no daylight saving).
pub const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// Today's date in Vietnam: certifications expire at the end of this day.
pub fn today_in_vietnam(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&VIETNAM).date_naive()
}

/// The instant a Vietnamese day starts (00:00 UTC+7), in UTC.
pub fn start_of_day_in_vietnam(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    VIETNAM
        .from_local_datetime(&midnight)
        .single()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// A span of whole days in Vietnam: from `from` (included) to `to`
/// (excluded). Figures for a period count what happened in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The day after the last.
    pub to: NaiveDate,
}

impl Period {
    /// The longest period figures are asked for: ten years.
    pub const MAX_DAYS: i64 = 3660;

    /// `[from, to)`, if it holds at least one day and at most
    /// [`Self::MAX_DAYS`].
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Self> {
        let days = (to - from).num_days();
        (1..=Self::MAX_DAYS)
            .contains(&days)
            .then_some(Self { from, to })
    }

    /// The calendar month `year`-`month`.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Self {
            from,
            to: from.checked_add_months(Months::new(1))?,
        })
    }

    /// The month `today` falls in.
    pub fn this_month(today: NaiveDate) -> Self {
        Self::month(today.year(), today.month()).unwrap_or(Self {
            from: today,
            to: today.succ_opt().unwrap_or(today),
        })
    }

    /// The month before the one `today` falls in.
    pub fn last_month(today: NaiveDate) -> Self {
        let this = Self::this_month(today);
        let from = this
            .from
            .checked_sub_months(Months::new(1))
            .unwrap_or(this.from);
        Self {
            from,
            to: this.from,
        }
    }

    /// The calendar year `today` falls in.
    pub fn this_year(today: NaiveDate) -> Self {
        let from = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
        Self {
            from,
            to: from.checked_add_months(Months::new(12)).unwrap_or(today),
        }
    }

    /// The last day included.
    pub fn last_day(&self) -> NaiveDate {
        self.to.pred_opt().unwrap_or(self.to)
    }

    /// When the period starts, in UTC.
    pub fn start(&self) -> DateTime<Utc> {
        start_of_day_in_vietnam(self.from)
    }

    /// When the period ends (excluded), in UTC.
    pub fn end(&self) -> DateTime<Utc> {
        start_of_day_in_vietnam(self.to)
    }

    /// The months the period touches, as `YYYY-MM`, in order.
    pub fn months(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut month = NaiveDate::from_ymd_opt(self.from.year(), self.from.month(), 1);
        while let Some(m) = month.filter(|m| *m < self.to) {
            out.push(m.format("%Y-%m").to_string());
            month = m.checked_add_months(Months::new(1));
        }
        out
    }
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

    #[test]
    fn periods_are_whole_vietnamese_days() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
        let last = Period::last_month(today);
        assert_eq!(
            (last.from.to_string(), last.to.to_string()),
            ("2025-12-01".into(), "2026-01-01".into())
        );
        assert_eq!(last.start().to_rfc3339(), "2025-11-30T17:00:00+00:00");
        assert_eq!(Period::this_year(today).months().len(), 12);
        assert_eq!(
            Period::this_month(today).last_day().to_string(),
            "2026-01-31"
        );
        assert!(Period::new(today, today).is_none());
    }
}
