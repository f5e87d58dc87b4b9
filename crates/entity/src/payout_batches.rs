//! `payout_batches`: Payouts recorded together, as one bank-transfer batch.

use sea_orm::entity::prelude::*;

/// A row of `payout_batches`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "payout_batches")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Staff's note.
    pub note: Option<String>,
    /// Sum of its payouts.
    pub total_vnd: i64,
    /// How many payouts.
    pub payouts_count: i32,
    /// Who recorded it.
    pub created_by: Uuid,
    /// Recorded.
    pub created_at: DateTimeUtc,
}

/// Relations of `payout_batches`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
