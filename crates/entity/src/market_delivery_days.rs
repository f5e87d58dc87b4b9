//! `market_delivery_days`: orders delivered per day (Vietnam time) and the
//! seconds they took from placed to delivered, summed.

use sea_orm::entity::prelude::*;

/// A row of `market_delivery_days`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "market_delivery_days")]
pub struct Model {
    /// The day of delivery, in Vietnam.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// Orders delivered that day.
    pub delivered: i64,
    /// The seconds each took from placed to delivered, summed.
    pub seconds: i64,
}

/// Relations of `market_delivery_days`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
