//! `ledger_transactions`: One business event booked in the ledger (append-only).

use sea_orm::entity::prelude::*;

/// A row of `ledger_transactions`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_transactions")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// What it books, unique: sale:<order>, refund:<refund>, payout:<payout>,
    /// held:<held>, held_returned:<held>, held_applied:<held>,
    /// export_sale:<export payment>, on_arrival:<order>.
    pub source: String,
    /// sale, refund, payout, held, held_returned, held_applied, export_sale
    /// or on_arrival (16 characters at most).
    pub kind: String,
    /// Whose account it moves; none for money held for a buyer.
    pub cooperative_id: Option<Uuid>,
    /// The order, for sales and refunds.
    pub order_id: Option<Uuid>,
    /// The refund.
    pub refund_id: Option<Uuid>,
    /// The payout.
    pub payout_id: Option<Uuid>,
    /// A note.
    pub memo: Option<String>,
    /// Who caused it, when a person did.
    pub created_by: Option<Uuid>,
    /// Booked.
    pub created_at: DateTimeUtc,
    /// The payment the money came with.
    pub payment_id: Option<Uuid>,
    /// The money held for a buyer it books.
    pub held_id: Option<Uuid>,
    /// The export order, for an export order's deposit or balance.
    pub export_order_id: Option<Uuid>,
}

/// Relations of `ledger_transactions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
