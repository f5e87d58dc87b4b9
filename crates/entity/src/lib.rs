//! sea-orm entities for every table of Hợp Tác, in one crate so that domains
//! can join each other's tables without import cycles. Only domain crates use
//! these; handlers and pages never do.

pub mod api_tokens;
pub mod audit;
pub mod audit_log;
pub mod bank_statement_lines;
pub mod cart_items;
pub mod carts;
pub mod categories;
pub mod certifications;
pub mod checkout_access;
pub mod checkouts;
pub mod collection_products;
pub mod collections;
pub mod cooperative_documents;
pub mod cooperative_figures;
pub mod cooperative_invitations;
pub mod cooperative_members;
pub mod cooperatives;
pub mod db;
pub mod exchange_rates;
pub mod experience_sessions;
pub mod experiences;
pub mod export_buyers;
pub mod export_documents;
pub mod export_events;
pub mod export_orders;
pub mod export_payments;
pub mod held_funds;
pub mod idempotency_keys;
pub mod json;
pub mod ledger_entries;
pub mod ledger_transactions;
pub mod login_throttle;
pub mod lot_diary_entries;
pub mod lot_recall_notices;
pub mod lot_scans;
pub mod lots;
pub mod market_days;
pub mod market_delivery_days;
pub mod market_summary;
pub mod one_time_tokens;
pub mod order_events;
pub mod order_items;
pub mod orders;
pub mod outbox;
pub mod payments;
pub mod payout_batches;
pub mod payouts;
pub mod product_images;
pub mod product_slugs;
pub mod product_variants;
pub mod products;
pub mod quote_messages;
pub mod quote_request_lines;
pub mod quote_request_pictures;
pub mod quote_requests;
pub mod quotes;
pub mod refunds;
pub mod report;
pub mod review_pictures;
pub mod review_reports;
pub mod reviews;
pub mod sessions;
pub mod shipping_rules;
pub mod stripe_events;
pub mod users;

pub use sea_orm;

use sea_orm::DbErr;

/// The error code a database failure answers with: `service_unavailable`
/// when the database cannot be reached, `internal_error` otherwise.
pub fn db_error_code(err: &DbErr) -> kernel::Code {
    match err {
        DbErr::Conn(_) | DbErr::ConnectionAcquire(_) => kernel::Code::UNAVAILABLE,
        _ => kernel::Code::INTERNAL,
    }
}

/// Whether a database error is the violation of the named unique index or
/// constraint (PostgreSQL names it; SQLite names the columns, so both are
/// accepted).
pub fn is_unique_violation(err: &DbErr, name_or_column: &str) -> bool {
    let text = err.to_string();
    (text.contains("UNIQUE constraint failed") || text.contains("duplicate key value"))
        && text.contains(name_or_column)
}

/// Whether a database error is the violation of a named CHECK constraint.
pub fn is_check_violation(err: &DbErr, constraint: &str) -> bool {
    let text = err.to_string();
    (text.contains("CHECK constraint failed") || text.contains("violates check constraint"))
        && text.contains(constraint)
}
