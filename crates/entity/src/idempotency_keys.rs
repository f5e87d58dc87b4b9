//! `idempotency_keys`: Idempotency keys with the first answer given.

use sea_orm::entity::prelude::*;

/// A row of `idempotency_keys`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose key: user:<id> or cart:<id>.
    pub scope: String,
    /// The client's key.
    pub key: String,
    /// SHA-256 (hex) of the request.
    pub request_hash: String,
    /// The answer's status; none while in progress.
    pub response_status: Option<i32>,
    /// The answer's body.
    #[sea_orm(column_type = "JsonBinary", nullable)]
    pub response: Option<Json>,
    /// First seen (or taken over, when its first request was abandoned).
    pub created_at: DateTimeUtc,
    /// What the request made before it could answer (a refund), so that a
    /// retry after a crash resumes it.
    pub resource_id: Option<Uuid>,
}

/// Relations of `idempotency_keys`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
