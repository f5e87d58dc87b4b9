//! `/api/v1/…/collections`: a cooperative's design families.

pub mod create;
pub mod delete;
pub mod list;
pub mod update;
