//! `carts`: Carts: one per signed-in shopper, or per guest (by a cookie token).

use sea_orm::entity::prelude::*;

/// A row of `carts`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "carts")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// A guest's cart: SHA-256 (hex) of the cookie's token.
    pub token_hash: Option<String>,
    /// A signed-in shopper's cart.
    pub user_id: Option<Uuid>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `carts`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
