//! `market_days`: the market's sales summed per day (Vietnam time) and per
//! group, kept by the orders crate so that the union's figures for a year
//! read a few hundred rows a day instead of every order.

use sea_orm::entity::prelude::*;

/// A row of `market_days`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "market_days")]
pub struct Model {
    /// The day the orders were placed, in Vietnam.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    /// What the rows of the day are grouped by: `total`, `month`,
    /// `cooperative`, `category`, `province`, `country`, `payment_method`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub dimension: String,
    /// The group: an id, a month, a place, a method; empty for `total`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Orders that count as sales.
    pub orders: i64,
    /// Their value in đồng.
    pub gmv_vnd: i64,
}

/// Relations of `market_days`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
