//! `audit_log`: append-only; the database refuses UPDATE and DELETE.

use sea_orm::entity::prelude::*;

/// A row of `audit_log`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Who acted; `None` for the system.
    pub actor_id: Option<Uuid>,
    /// What was done, e.g. `cooperative.approve`.
    pub action: String,
    /// What kind of thing it was done to.
    pub target_type: String,
    /// Which one.
    pub target_id: String,
    /// Why.
    pub reason: Option<String>,
    /// The HTTP request that did it.
    pub request_id: Option<String>,
    /// Details.
    pub data: Option<Json>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `audit_log`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
