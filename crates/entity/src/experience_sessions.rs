//! `experience_sessions`: One dated time of an experience with its places:
//! booked by conditional updates, so `taken` never passes `capacity`.

use sea_orm::entity::prelude::*;

/// A row of `experience_sessions`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "experience_sessions")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The experience's listing.
    pub product_id: Uuid,
    /// Its cooperative.
    pub cooperative_id: Uuid,
    /// When it starts.
    pub starts_at: DateTimeUtc,
    /// Places in all.
    pub capacity: i32,
    /// Places booked.
    pub taken: i32,
    /// When the cooperative closed it (weather, festival); none while open.
    pub closed_at: Option<DateTimeUtc>,
    /// Why it was closed.
    pub closed_reason: Option<String>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `experience_sessions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
