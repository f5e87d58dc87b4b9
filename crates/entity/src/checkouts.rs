//! `checkouts`: Checkouts: one payment for one order per cooperative.

use sea_orm::entity::prelude::*;

/// A row of `checkouts`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checkouts")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The signed-in buyer; none for a guest.
    pub buyer_id: Option<Uuid>,
    /// Contact e-mail.
    pub email: String,
    /// Contact name.
    pub name: String,
    /// Contact phone.
    pub phone: String,
    /// Where to deliver.
    #[sea_orm(column_type = "JsonBinary")]
    pub address: crate::json::PostalAddress,
    /// Outside Vietnam.
    pub international: bool,
    /// cod, bank_transfer or card.
    pub payment_method: String,
    /// Sum of the lines.
    pub items_total_vnd: i64,
    /// Sum of the known shipping fees.
    pub shipping_total_vnd: i64,
    /// What the buyer pays now.
    pub total_vnd: i64,
    /// Placed.
    pub created_at: DateTimeUtc,
}

/// Relations of `checkouts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
