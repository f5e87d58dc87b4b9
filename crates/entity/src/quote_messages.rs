//! `quote_messages`: A message on a request for quote.

use sea_orm::entity::prelude::*;

/// A row of `quote_messages`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_messages")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The request.
    pub request_id: Uuid,
    /// Who wrote it.
    pub author_id: Option<Uuid>,
    /// buyer, cooperative or staff.
    pub side: String,
    /// What they wrote.
    pub body: String,
    /// Written.
    pub created_at: DateTimeUtc,
}

/// Relations of `quote_messages`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
