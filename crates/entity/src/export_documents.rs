//! `export_documents`: A shipping document a cooperative uploaded.

use sea_orm::entity::prelude::*;

/// A row of `export_documents`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "export_documents")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The order.
    pub export_order_id: Uuid,
    /// certificate_of_origin, phytosanitary, fumigation, …
    pub kind: String,
    /// The name it was uploaded with.
    pub filename: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Where the private store keeps it.
    pub storage_key: String,
    /// Who uploaded it.
    pub uploaded_by: Option<Uuid>,
    /// Uploaded.
    pub created_at: DateTimeUtc,
}

/// Relations of `export_documents`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
