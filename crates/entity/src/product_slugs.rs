//! `product_slugs`: former URL names of listings, which redirect to the
//! current one.

use sea_orm::entity::prelude::*;

/// A row of `product_slugs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_slugs")]
pub struct Model {
    /// The former URL name.
    #[sea_orm(primary_key, auto_increment = false)]
    pub slug: String,
    /// The listing it named.
    pub product_id: Uuid,
    /// When it stopped being current.
    pub created_at: DateTimeUtc,
}

/// Relations of `product_slugs`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
