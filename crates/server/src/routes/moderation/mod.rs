//! `/api/v1/moderation`: the Cooperative Union's tools.

pub mod audit_log;
pub mod certifications;
pub mod cooperatives;
pub mod outbox;
pub mod products;
pub mod refunds;
