//! `cooperative_members`: who belongs to which cooperative, in which role.

use sea_orm::entity::prelude::*;

/// A row of `cooperative_members`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cooperative_members")]
pub struct Model {
    /// The cooperative.
    #[sea_orm(primary_key, auto_increment = false)]
    pub cooperative_id: Uuid,
    /// The member.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// `owner`, `manager` or `staff`.
    pub role: String,
    /// Joined.
    pub created_at: DateTimeUtc,
}

/// Relations of `cooperative_members`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
