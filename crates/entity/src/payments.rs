//! `payments`: Payments started by checkouts.

use sea_orm::entity::prelude::*;

/// A row of `payments`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The checkout.
    pub checkout_id: Uuid,
    /// cod, bank_transfer or card.
    pub method: String,
    /// pending, paid, failed or cancelled.
    pub status: String,
    /// The amount.
    pub amount_vnd: i64,
    /// What a bank transfer's memo carries.
    pub reference: String,
    /// The provider's id (a Stripe PaymentIntent, pi_…).
    pub provider_ref: Option<String>,
    /// What the provider charges in: vnd or usd.
    pub currency: Option<String>,
    /// The provider's amount, in the currency's smallest unit.
    pub amount_minor: Option<i64>,
    /// The provider's last word on a failed attempt.
    pub failure: Option<String>,
    /// When the money came in.
    pub paid_at: Option<DateTimeUtc>,
    /// Started.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `payments`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
