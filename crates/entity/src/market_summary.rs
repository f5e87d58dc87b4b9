//! `market_summary`: one row saying up to when `market_days` and
//! `market_delivery_days` were brought up to date; no row means they must
//! be built again from every order.

use sea_orm::entity::prelude::*;

/// The row of `market_summary`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "market_summary")]
pub struct Model {
    /// Always 1: the table holds one row.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// When the last refresh started: orders changed after it (less a
    /// margin for transactions still open then) are summed again.
    pub refreshed_at: DateTimeUtc,
}

/// Relations of `market_summary`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
