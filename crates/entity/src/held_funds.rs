//! `held_funds`: Money that arrived but pays no order, held for the buyer
//! until it is given back (or applied to what it was meant to pay).

use sea_orm::entity::prelude::*;

/// A row of `held_funds`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "held_funds")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The event that held it (unique: held once).
    pub source: String,
    /// cancelled_order, overpaid, underpaid, paid_twice or unidentified.
    pub kind: String,
    /// How much.
    pub amount_vnd: i64,
    /// held, refunded or applied.
    pub status: String,
    /// The payment it came for, when known.
    pub payment_id: Option<Uuid>,
    /// That payment's checkout.
    pub checkout_id: Option<Uuid>,
    /// The cancelled order it was for.
    pub order_id: Option<Uuid>,
    /// The bank-statement line it arrived on.
    pub statement_line_id: Option<Uuid>,
    /// Who to give it back to.
    pub buyer_name: Option<String>,
    /// Their address.
    pub buyer_email: Option<String>,
    /// What the bank wrote, or what happened.
    pub note: Option<String>,
    /// How it was given back (Stripe's refund id, or what staff wrote).
    pub resolution: Option<String>,
    /// Who gave it back or applied it.
    pub resolved_by: Option<Uuid>,
    /// When.
    pub resolved_at: Option<DateTimeUtc>,
    /// Held since.
    pub created_at: DateTimeUtc,
}

/// Relations of `held_funds`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
