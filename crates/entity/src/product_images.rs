//! `product_images`: pictures of listings.

use kernel::I18nText;
use sea_orm::entity::prelude::*;

/// A row of `product_images`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_images")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The listing.
    pub product_id: Uuid,
    /// Order in the gallery.
    pub position: i32,
    /// Where the media store keeps the picture.
    pub storage_key: String,
    /// MIME type of the stored sizes.
    pub content_type: String,
    /// Width of the original, in pixels.
    pub width: i32,
    /// Height of the original, in pixels.
    pub height: i32,
    /// Alternative text per locale.
    #[sea_orm(column_type = "JsonBinary")]
    pub alt: I18nText,
    /// Uploaded.
    pub created_at: DateTimeUtc,
    /// Added to an approved listing and not yet seen by staff.
    pub pending: bool,
}

/// Relations of `product_images`.
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

impl ActiveModelBehavior for ActiveModel {}
