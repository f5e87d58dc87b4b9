//! `cooperative_documents`: evidence documents of seller applications (private).

use sea_orm::entity::prelude::*;

/// A row of `cooperative_documents`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cooperative_documents")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// The name it was uploaded with.
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`, from its content.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Where the private store keeps it.
    pub storage_key: String,
    /// Who uploaded it.
    pub uploaded_by: Option<Uuid>,
    /// Uploaded.
    pub created_at: DateTimeUtc,
}

/// Relations of `cooperative_documents`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
