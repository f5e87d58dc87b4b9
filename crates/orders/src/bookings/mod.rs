//! Community-tourism bookings. An experience's session is booked from the
//! cart like goods (adults as the line's quantity, children beside it);
//! checkout takes its places in the same transaction that takes stock
//! ([`catalog::Catalog::take_places`]), refuses cash on delivery, and
//! e-mails the buyer the booking with an `.ics` calendar file. The
//! cooperative sees its sessions day by day with who comes
//! ([`day`]), marks each booking arrived, no-show or completed, and can
//! close a date, moving its bookings to another ([`close`]). An experience
//! may take a deposit: the checkout then asks online only for it, and the
//! cooperative records the rest collected on arrival ([`balance`]).

mod add;
pub mod balance;
pub mod calendar;
pub mod cancel;
pub mod close;
pub mod day;

pub use add::BookingInput;
pub use balance::BalanceCollected;
pub use cancel::BookingCancelled;
pub use close::CloseInput;
pub use day::{DayBooking, SessionBookings};

use serde::{Deserialize, Serialize};

/// What became of a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Booked; the session has not taken place yet.
    Booked,
    /// The guests came.
    Arrived,
    /// The guests did not come.
    NoShow,
    /// The experience took place: the buyer may review it.
    Completed,
    /// Cancelled with its order; the places went back.
    Cancelled,
}

impl BookingStatus {
    /// Every status, in the order of a booking's life.
    pub const ALL: [Self; 5] = [
        Self::Booked,
        Self::Arrived,
        Self::NoShow,
        Self::Completed,
        Self::Cancelled,
    ];

    /// Its name in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booked => "booked",
            Self::Arrived => "arrived",
            Self::NoShow => "no_show",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
        }
    }

    /// The status named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether the cooperative may mark a booking `to` from here: arrived,
    /// no-show and completed, in any order, until it is cancelled.
    pub fn may_mark(self, to: Self) -> bool {
        self != Self::Cancelled && matches!(to, Self::Arrived | Self::NoShow | Self::Completed)
    }
}

/// "4 người lớn, 1 trẻ em": the people of a booking, in Vietnamese (the
/// cooperative's and the e-mails' language; pages translate their own).
pub fn people_vi(adults: i32, children: i32) -> String {
    if children > 0 {
        format!("{adults} người lớn, {children} trẻ em")
    } else {
        format!("{adults} người lớn")
    }
}

/// "08:00 thứ Bảy 20/12/2026": a session's start in Huế.
pub fn local_time_vi(at: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Datelike;
    let local = at.with_timezone(&kernel::time::VIETNAM);
    let weekday = match local.weekday() {
        chrono::Weekday::Mon => "thứ Hai",
        chrono::Weekday::Tue => "thứ Ba",
        chrono::Weekday::Wed => "thứ Tư",
        chrono::Weekday::Thu => "thứ Năm",
        chrono::Weekday::Fri => "thứ Sáu",
        chrono::Weekday::Sat => "thứ Bảy",
        chrono::Weekday::Sun => "Chủ nhật",
    };
    format!(
        "{} {weekday} {}",
        local.format("%H:%M"),
        local.format("%d/%m/%Y")
    )
}

/// The cancellation policy in a sentence, in Vietnamese.
pub fn policy_vi(free_cancel_days: i32, late_refund_percent: i32) -> String {
    format!(
        "Hủy miễn phí đến {free_cancel_days} ngày trước buổi trải nghiệm; sau đó hoàn {late_refund_percent}% số tiền."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_reads_in_hue_time_with_its_weekday() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-20T01:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(local_time_vi(at), "08:00 Chủ nhật 20/12/2026");
        assert_eq!(people_vi(4, 1), "4 người lớn, 1 trẻ em");
        assert_eq!(people_vi(2, 0), "2 người lớn");
    }

    #[test]
    fn a_cancelled_booking_cannot_be_marked_and_others_can() {
        assert!(BookingStatus::Booked.may_mark(BookingStatus::Arrived));
        assert!(BookingStatus::Arrived.may_mark(BookingStatus::Completed));
        assert!(BookingStatus::NoShow.may_mark(BookingStatus::Arrived));
        assert!(!BookingStatus::Cancelled.may_mark(BookingStatus::Completed));
        assert!(!BookingStatus::Booked.may_mark(BookingStatus::Cancelled));
        for s in BookingStatus::ALL {
            assert_eq!(BookingStatus::parse(s.as_str()), Some(s));
        }
    }
}
