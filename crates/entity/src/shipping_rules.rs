//! `shipping_rules`: How a cooperative charges for shipping.

use sea_orm::entity::prelude::*;

/// A row of `shipping_rules`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "shipping_rules")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// domestic or international.
    pub zone: String,
    /// flat, weight (a band) or free_over (a threshold).
    pub kind: String,
    /// The fee.
    pub fee_vnd: i64,
    /// Band from (weight rules).
    pub min_grams: Option<i32>,
    /// Band up to, inclusive (weight rules).
    pub max_grams: Option<i32>,
    /// Free from this order total (free_over rules).
    pub threshold_vnd: Option<i64>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `shipping_rules`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
