//! Reviews buyers can trust: only the buyer of a delivered order line may
//! review it, once (the one kind of review there is: a verified purchase),
//! with 1 to 5 stars, text in any language and up to four pictures. The
//! cooperative answers in public and can neither edit nor delete a review.
//! Anyone may report one; union staff hide it with a reason (audit-logged,
//! the author e-mailed why) or keep it.
//!
//! The listing's rating (count and sum of the visible reviews' stars) is
//! the catalogue's to keep: a review asks it to change in the review's own
//! transaction, and the catalogue re-indexes the listing through the
//! outbox, so search can sort by rating and filter "4★ and up".
//!
//! - [`write`]: what an order lets its buyer review, and writing a review;
//! - [`read`]: a listing's reviews and rating, a cooperative's;
//! - [`moderate`]: replies, reports and staff decisions.

pub(crate) mod demo;
pub mod moderate;
pub mod read;
pub mod write;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub use moderate::ReviewDecision;
pub use write::ReviewInput;

/// Pictures a review may carry.
pub const MAX_PICTURES: usize = 4;
/// Characters of a review's text.
pub const MAX_BODY: usize = 4_000;
/// Characters of a reply, or of the reason of a report or decision.
pub const MAX_REPLY: usize = 2_000;
/// The statuses of an order whose lines may be reviewed.
pub const REVIEWABLE_STATUSES: [&str; 2] = ["delivered", "completed"];
/// How long after delivery the buyer is invited to review.
pub const INVITE_AFTER_DAYS: i64 = 3;

/// A review as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewView {
    /// The review.
    pub id: Uuid,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// The cooperative that sold it.
    pub cooperative_id: Uuid,
    /// The order line it reviews.
    pub order_item_id: Uuid,
    /// The author as shown: given name and the family name's initial.
    pub author_name: String,
    /// 1 to 5 stars.
    pub rating: i16,
    /// The text, in the author's language.
    pub body: String,
    /// Its pictures.
    pub pictures: Vec<ReviewPicture>,
    /// The cooperative's public reply.
    pub reply: Option<Reply>,
    /// `visible` or `hidden`.
    pub status: String,
    /// Why staff hid it (shown to staff, the cooperative and the author).
    pub hidden_reason: Option<String>,
    /// Reports not yet resolved (for staff).
    pub open_reports: i32,
    /// Written.
    pub created_at: DateTime<Utc>,
}

/// A picture of a review, in two of its sizes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReviewPicture {
    /// 320 px wide.
    pub small_url: String,
    /// 1280 px wide.
    pub large_url: String,
}

/// The cooperative's reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Reply {
    /// Its text.
    pub body: String,
    /// When.
    pub replied_at: DateTime<Utc>,
}

/// A listing's or a cooperative's rating from its visible reviews.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RatingSummary {
    /// Reviews.
    pub count: i64,
    /// Their average stars (one decimal); none without reviews.
    pub average: Option<f64>,
    /// Reviews with 1, 2, 3, 4 and 5 stars, in that order.
    pub stars: Vec<i64>,
}

impl RatingSummary {
    /// The summary of `stars[i]` reviews with `i + 1` stars.
    pub fn from_stars(stars: [i64; 5]) -> Self {
        let count: i64 = stars.iter().sum();
        let sum: i64 = stars.iter().zip(1_i64..).map(|(n, star)| n * star).sum();
        Self {
            count,
            average: average(count, sum),
            stars: stars.to_vec(),
        }
    }
}

/// The average of `count` ratings summing to `sum`, to one decimal (the
/// catalogue's rounding, so a listing's page and its card agree).
#[allow(clippy::cast_precision_loss, reason = "tenths of stars are small")]
pub fn average(count: i64, sum: i64) -> Option<f64> {
    catalog::ratings::tenths_of_stars(count, sum).map(|tenths| tenths as f64 / 10.0)
}

/// The author as shown: a Vietnamese name is family name first ("Nguyễn
/// Thị Hoa" → "Hoa N."); a one-word name stays as it is. An e-mail
/// address typed as a name shows only what comes before its `@`.
pub fn shown_name(full: &str) -> String {
    let words: Vec<&str> = full
        .split_whitespace()
        .map(|w| w.split('@').next().unwrap_or_default())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [first, .., last] => {
            let initial: String = first.chars().take(1).collect();
            format!("{last} {initial}.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RatingSummary, shown_name};

    #[test]
    fn a_vietnamese_name_shows_the_given_name_and_the_family_initial() {
        assert_eq!(shown_name("Nguyễn Thị Hoa"), "Hoa N.");
        assert_eq!(shown_name("  Lê   Minh "), "Minh L.");
        assert_eq!(shown_name("Yuki"), "Yuki");
        assert_eq!(shown_name("ngoc.tran@example.vn"), "ngoc.tran");
        assert_eq!(shown_name(""), "");
    }

    #[test]
    fn a_summary_counts_and_averages_the_stars() {
        let s = RatingSummary::from_stars([0, 0, 1, 1, 2]);
        assert_eq!(s.count, 4);
        assert_eq!(s.average, Some(4.3));
        assert_eq!(RatingSummary::from_stars([0; 5]).average, None);
    }
}
