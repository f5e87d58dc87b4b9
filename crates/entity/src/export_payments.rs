//! `export_payments`: The deposit or the balance of an export order.

use sea_orm::entity::prelude::*;

/// A row of `export_payments`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "export_payments")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The order.
    pub export_order_id: Uuid,
    /// deposit or balance.
    pub part: String,
    /// How much, in đồng.
    pub amount_vnd: i64,
    /// What the transfer’s memo must carry.
    pub reference: String,
    /// pending or paid.
    pub status: String,
    /// bank_transfer or card, once paid.
    pub method: Option<String>,
    /// The bank’s reference of the transfer.
    pub bank_reference: Option<String>,
    /// Paid.
    pub paid_at: Option<DateTimeUtc>,
    /// Who recorded it.
    pub recorded_by: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// The PaymentIntent (pi_…) when paid by card.
    pub provider_ref: Option<String>,
    /// The card's currency (usd).
    pub card_currency: Option<String>,
    /// Charged by card, in cents.
    pub card_amount_minor: Option<i64>,
    /// Thousandths of a đồng per dollar, fixed when the card payment was made.
    pub card_vnd_per_usd_milli: Option<i64>,
    /// Why the card failed, or what needs a person's eye.
    pub failure: Option<String>,
}

/// Relations of `export_payments`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
