//! `product_variants`: what a shopper actually buys, with its stock.

use sea_orm::entity::prelude::*;

use crate::json::{Options, PriceTiers};

/// A row of `product_variants`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_variants")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The listing.
    pub product_id: Uuid,
    /// The listing's cooperative (SKUs are unique per cooperative).
    pub cooperative_id: Uuid,
    /// Stock keeping unit.
    pub sku: String,
    /// Size, colour, material...
    #[sea_orm(column_type = "JsonBinary")]
    pub options: Options,
    /// Price in đồng.
    pub price_vnd: i64,
    /// Former price in đồng, shown struck through.
    pub compare_at_vnd: Option<i64>,
    /// Units on hand; never below zero (a CHECK constraint holds it).
    pub stock: i32,
    /// Shipping weight.
    pub weight_grams: Option<i32>,
    /// Length.
    pub length_mm: Option<i32>,
    /// Width.
    pub width_mm: Option<i32>,
    /// Height.
    pub height_mm: Option<i32>,
    /// Harmonized System code, for export.
    pub hs_code: Option<String>,
    /// Made when ordered: takes no stock.
    pub made_to_order: bool,
    /// Days to make it, when made to order.
    pub lead_time_days: Option<i32>,
    /// Fewest units an order may take.
    pub min_order_qty: i32,
    /// Order among the listing's variants.
    pub position: i32,
    /// Wholesale prices by quantity; none means one price.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub price_tiers: Option<PriceTiers>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `product_variants`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The listing.
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id"
    )]
    Product,
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
