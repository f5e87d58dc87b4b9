//! `cooperative_invitations`: invitations to join a cooperative, sent by e-mail.

use sea_orm::entity::prelude::*;

/// A row of `cooperative_invitations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cooperative_invitations")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Who is invited.
    pub email: String,
    /// `manager` or `staff`.
    pub role: String,
    /// SHA-256 (hex) of the token in the e-mail.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Who invited.
    pub invited_by: Option<Uuid>,
    /// Stops working.
    pub expires_at: DateTimeUtc,
    /// Accepted.
    pub accepted_at: Option<DateTimeUtc>,
    /// Made.
    pub created_at: DateTimeUtc,
}

/// Relations of `cooperative_invitations`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
