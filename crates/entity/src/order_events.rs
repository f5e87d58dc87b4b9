//! `order_events`: The timeline of an order: every step with who and when.

use sea_orm::entity::prelude::*;

/// A row of `order_events`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "order_events")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// Where it was; none for the first event.
    pub from_status: Option<String>,
    /// Where it went.
    pub to_status: String,
    /// buyer, cooperative, staff or system.
    pub actor_kind: String,
    /// The person, when one acted.
    pub actor_id: Option<Uuid>,
    /// Reason, tracking, or a remark.
    pub note: Option<String>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// Relations of `order_events`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
