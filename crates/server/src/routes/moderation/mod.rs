//! `/api/v1/moderation`: the Cooperative Union's tools.

pub mod audit_log;
pub mod cooperatives;
pub mod outbox;
