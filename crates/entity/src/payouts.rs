//! `payouts`: Money the market paid a cooperative.

use sea_orm::entity::prelude::*;

/// A row of `payouts`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "payouts")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Its batch.
    pub batch_id: Uuid,
    /// Paid to.
    pub cooperative_id: Uuid,
    /// How much.
    pub amount_vnd: i64,
    /// The receiving bank's BIN, as it was.
    pub bank_bin: Option<String>,
    /// The receiving account, as it was.
    pub account: Option<String>,
    /// The account holder, as it was.
    pub account_name: Option<String>,
    /// The transfer's memo.
    pub memo: String,
    /// Recorded.
    pub created_at: DateTimeUtc,
}

/// Relations of `payouts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
