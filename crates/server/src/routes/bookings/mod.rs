//! Community-tourism bookings: an experience's terms and sessions, booking
//! a session from the cart, the booking's calendar file, and the
//! cooperative's calendar: adding sessions, closing a date (its bookings
//! move), marking who came.

pub mod add_sessions;
pub mod attendance;
pub mod book;
pub mod calendar_file;
pub mod cancel_booking;
pub mod close;
pub mod collect_balance;
pub mod cooperative_bookings;
pub mod experience;
pub mod set_experience;

use chrono::NaiveDate;
use kernel::{FieldErrors, problem};
use serde::Deserialize;
use utoipa::IntoParams;

/// Which days of a calendar.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct CalendarParams {
    /// The first day (YYYY-MM-DD); today in Vietnam when left out.
    pub from: Option<String>,
    /// How many days, 1 to 31 (7 when left out).
    pub days: Option<String>,
}

impl CalendarParams {
    /// The first day and the number of days, or what is wrong with them.
    pub fn parse(&self, today: NaiveDate, errors: &mut FieldErrors) -> (NaiveDate, i64) {
        let from = match self
            .from
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => today,
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| {
                errors.add("from", problem::not_a_date());
                today
            }),
        };
        let days = match self
            .days
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => 7,
            Some(s) => match s.parse::<i64>() {
                Ok(n) if (1..=orders::bookings::day::MAX_DAYS).contains(&n) => n,
                _ => {
                    errors.add(
                        "days",
                        problem::whole_number_between(1, orders::bookings::day::MAX_DAYS),
                    );
                    7
                }
            },
        };
        (from, days)
    }
}
