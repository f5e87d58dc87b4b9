//! Reviews: a listing's reviews and rating, a cooperative's rating, what
//! an order's buyer may review and writing a review (with pictures), the
//! cooperative's reply, reports by anyone, and union staff's queue and
//! decisions.

pub mod cooperative_rating;
pub mod cooperative_reviews;
pub mod decide;
pub mod listing_reviews;
pub mod order_reviews;
pub mod reply;
pub mod report;
pub mod reported;
pub mod write;
