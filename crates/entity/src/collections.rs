//! `collections`: A cooperative's design family, a group of its listings.

use kernel::I18nText;
use sea_orm::entity::prelude::*;

/// A row of `collections`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "collections")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Its URL name, unique in the cooperative.
    pub slug: String,
    /// Its name per locale.
    #[sea_orm(column_type = "JsonBinary")]
    pub name: I18nText,
    /// What it is, per locale.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub description: Option<I18nText>,
    /// Its place on the cooperative's page.
    pub position: i32,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `collections`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
