//! `quote_request_lines`: A line of a request for quote.

use sea_orm::entity::prelude::*;

/// A row of `quote_request_lines`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_request_lines")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The request.
    pub request_id: Uuid,
    /// Its place in the request, from 1.
    pub position: i32,
    /// A listed product, if the line is one.
    pub product_id: Option<Uuid>,
    /// A listed variant, if the line is one.
    pub variant_id: Option<Uuid>,
    /// The variant’s SKU, as it was.
    pub sku: Option<String>,
    /// What is wanted (the listing’s title, or a custom design described).
    pub description: String,
    /// How many.
    pub quantity: i32,
    /// Target price of one unit in đồng.
    pub target_unit_price_vnd: Option<i64>,
}

/// Relations of `quote_request_lines`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
