//! `lot_recall_notices`: The buyers e-mailed about a recalled lot, one row
//! per order: the recall report.

use sea_orm::entity::prelude::*;

/// A row of `lot_recall_notices`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lot_recall_notices")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The lot.
    pub lot_id: Uuid,
    /// The order that contained it.
    pub order_id: Uuid,
    /// Its number.
    pub order_number: String,
    /// The buyer.
    pub buyer_name: String,
    /// Where the e-mail went.
    pub buyer_email: String,
    /// How many of the lot the order had.
    pub quantity: i32,
    /// When the e-mail was queued.
    pub notified_at: DateTimeUtc,
}

/// Relations of `lot_recall_notices`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
