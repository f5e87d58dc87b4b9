//! `quote_request_pictures`: a picture on a request for quote — a custom
//! design's sketch or photo from the importer, a sample's photo from the
//! cooperative.

use sea_orm::entity::prelude::*;

/// A row of `quote_request_pictures`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_request_pictures")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The request.
    pub request_id: Uuid,
    /// Who sent it: buyer or cooperative.
    pub side: String,
    /// The name it was uploaded with.
    pub filename: String,
    /// image/jpeg, image/png or image/webp.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Where the private store keeps it.
    pub storage_key: String,
    /// Who uploaded it.
    pub uploaded_by: Uuid,
    /// Uploaded.
    pub created_at: DateTimeUtc,
}

/// Relations of `quote_request_pictures`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
