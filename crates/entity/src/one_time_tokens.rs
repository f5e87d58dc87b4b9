//! `one_time_tokens`: single-use, expiring tokens sent by e-mail.

use sea_orm::entity::prelude::*;

/// A row of `one_time_tokens`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_tokens")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// For whom.
    pub user_id: Uuid,
    /// `verify_email` or `password_reset`.
    pub purpose: String,
    /// SHA-256 (hex) of the token.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Stops working.
    pub expires_at: DateTimeUtc,
    /// Used (then never again).
    pub used_at: Option<DateTimeUtc>,
    /// Made.
    pub created_at: DateTimeUtc,
}

/// Relations of `one_time_tokens`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
