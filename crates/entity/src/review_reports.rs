//! `review_reports`: Someone's report that a review breaks the rules, until
//! union staff hide the review or keep it.

use sea_orm::entity::prelude::*;

/// A row of `review_reports`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "review_reports")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The review.
    pub review_id: Uuid,
    /// Why it was reported.
    pub reason: String,
    /// Who reported it, when signed in.
    pub reporter_id: Option<Uuid>,
    /// Reported.
    pub created_at: DateTimeUtc,
    /// When staff resolved it.
    pub resolved_at: Option<DateTimeUtc>,
}

/// Relations of `review_reports`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
