//! `/api/v1/moderation`: the Cooperative Union's tools.

pub mod audit_log;
pub mod certifications;
pub mod cooperatives;
pub mod dashboard;
pub mod dashboard_csv;
pub mod monthly_report;
pub mod outbox;
pub mod products;
pub mod refunds;
pub mod waiting;
