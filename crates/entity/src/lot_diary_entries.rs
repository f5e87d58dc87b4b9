//! `lot_diary_entries`: The field diary of a lot: inputs, irrigation,
//! harvest, processing and making steps, each dated.

use sea_orm::entity::prelude::*;

/// A row of `lot_diary_entries`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lot_diary_entries")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The lot.
    pub lot_id: Uuid,
    /// input, irrigation, harvest, processing, making or note.
    pub kind: String,
    /// The day it happened.
    pub happened_on: Date,
    /// What happened, in a line.
    pub title: String,
    /// More.
    pub detail: Option<String>,
    /// The fertiliser or pesticide applied.
    pub input_name: Option<String>,
    /// How much.
    pub dose: Option<String>,
    /// Days to wait between a pesticide and the harvest.
    pub pre_harvest_interval_days: Option<i32>,
    /// A photo.
    pub photo_url: Option<String>,
    /// Who wrote it.
    pub created_by: Option<Uuid>,
    /// Written.
    pub created_at: DateTimeUtc,
}

/// Relations of `lot_diary_entries`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
