//! `ledger_entries`: The legs of ledger transactions: debits positive, credits negative (append-only).

use sea_orm::entity::prelude::*;

/// A row of `ledger_entries`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Its transaction.
    pub transaction_id: Uuid,
    /// market_cash, commission or cooperative_payable.
    pub account: String,
    /// The cooperative, for cooperative_payable.
    pub cooperative_id: Option<Uuid>,
    /// Debit (+) or credit (−).
    pub amount_vnd: i64,
    /// Booked.
    pub created_at: DateTimeUtc,
}

/// Relations of `ledger_entries`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
