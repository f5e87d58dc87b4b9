//! `exchange_rates`: what one unit of a foreign currency is worth in đồng,
//! as union staff set it; the latest row per currency is the one shown.

use sea_orm::entity::prelude::*;

/// A row of `exchange_rates`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "exchange_rates")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// ISO 4217 code: USD, JPY or CNY.
    pub currency: String,
    /// Thousandths of a đồng per unit of the currency.
    pub vnd_per_unit_milli: i64,
    /// The staff member who set it.
    pub set_by: Option<Uuid>,
    /// When.
    pub set_at: DateTimeUtc,
}

/// Relations of `exchange_rates`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
