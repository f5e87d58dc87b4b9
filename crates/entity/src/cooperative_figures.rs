//! `cooperative_figures`: a cooperative's figures for a year, as it
//! reported them and as union staff judged them.

use sea_orm::entity::prelude::*;

/// Where a year's figures stand with union staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(20))")]
pub enum Status {
    /// Reported, not yet checked.
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Checked by union staff.
    #[sea_orm(string_value = "verified")]
    Verified,
    /// Sent back with a note.
    #[sea_orm(string_value = "needs_correction")]
    NeedsCorrection,
}

/// A row of `cooperative_figures`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cooperative_figures")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// The year the figures are for.
    pub year: i32,
    /// Members.
    pub members: i32,
    /// Of whom women.
    pub members_women: i32,
    /// Of whom from ethnic minorities.
    pub members_ethnic_minority: i32,
    /// Regular workers.
    pub workers_regular: i32,
    /// Seasonal workers.
    pub workers_seasonal: i32,
    /// Average monthly income per member, in đồng.
    pub average_monthly_income_vnd: i64,
    /// Year founded.
    pub founded_year: Option<i32>,
    /// The day the cooperative reported them.
    pub reported_on: Date,
    /// Who reported them.
    pub reported_by: Option<Uuid>,
    /// Where they stand.
    pub status: Status,
    /// Union staff's note (what to correct).
    pub review_note: Option<String>,
    /// Who judged them.
    pub reviewed_by: Option<Uuid>,
    /// When.
    pub reviewed_at: Option<DateTimeUtc>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `cooperative_figures`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
