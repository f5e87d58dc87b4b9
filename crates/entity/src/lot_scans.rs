//! `lot_scans`: Visits of a lot's public page, counted per day in
//! Vietnam (nothing about the visitor is kept).

use sea_orm::entity::prelude::*;

/// A row of `lot_scans`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lot_scans")]
pub struct Model {
    /// The lot.
    #[sea_orm(primary_key, auto_increment = false)]
    pub lot_id: Uuid,
    /// The day in Vietnam.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// Visits that day.
    pub count: i32,
}

/// Relations of `lot_scans`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
