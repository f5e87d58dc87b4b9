//! `collection_products`: A listing in a collection.

use sea_orm::entity::prelude::*;

/// A row of `collection_products`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "collection_products")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The collection.
    pub collection_id: Uuid,
    /// The listing.
    pub product_id: Uuid,
    /// Its place in the collection.
    pub position: i32,
}

/// Relations of `collection_products`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
