//! `categories`: the category tree.

use kernel::I18nText;
use sea_orm::entity::prelude::*;

/// A row of `categories`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "categories")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The parent; `None` at the top.
    pub parent_id: Option<Uuid>,
    /// URL name.
    #[sea_orm(unique)]
    pub slug: String,
    /// Name per locale.
    #[sea_orm(column_type = "JsonBinary")]
    pub name: I18nText,
    /// Order among siblings.
    pub position: i32,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `categories`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
