//! `export_events`: A step of an export order's timeline.

use sea_orm::entity::prelude::*;

use crate::json::StringList;

/// A row of `export_events`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "export_events")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The order.
    pub export_order_id: Uuid,
    /// The status it reached.
    pub status: String,
    /// A note.
    pub note: Option<String>,
    /// Picture links (e.g. the goods ready).
    pub photos: StringList,
    /// Who.
    pub created_by: Option<Uuid>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `export_events`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
