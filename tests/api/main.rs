//! The HTTP contract, against the real application with a database of its
//! own (SQLite or PostgreSQL, as `HOPTAC_TEST_DB` says).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly; helpers outside #[test] functions too"
)]

mod accounts;
mod authorization;
mod bookings;
mod catalog_api;
mod contract;
mod dashboard;
mod errors;
mod export_pages;
mod exports;
mod figures;
mod forms;
mod languages;
mod listings;
mod media_s3;
mod moderation;
mod money;
mod operations;
mod orders;
mod page_weight;
mod payments;
mod reads;
mod reviews;
mod search;
mod shop;
mod trace_pages;
mod traceability;

use testkit::Backend;

/// Says which backend this suite runs on, once per test.
fn announce(test: &str) {
    eprintln!("[{}] {test}", Backend::current().name());
}
