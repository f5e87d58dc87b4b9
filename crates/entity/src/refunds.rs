//! `refunds`: Money given back to a buyer, in full or in part.

use sea_orm::entity::prelude::*;

/// A row of `refunds`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The order refunded.
    pub order_id: Uuid,
    /// The payment it comes out of.
    pub payment_id: Uuid,
    /// How much.
    pub amount_vnd: i64,
    /// Why.
    pub reason: String,
    /// pending, succeeded or failed.
    pub status: String,
    /// card (through Stripe) or bank_transfer (by hand).
    pub channel: String,
    /// Stripe's refund id (re_…).
    pub provider_ref: Option<String>,
    /// Why it failed.
    pub failure: Option<String>,
    /// Who asked for it.
    pub created_by: Option<Uuid>,
    /// Asked.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `refunds`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
