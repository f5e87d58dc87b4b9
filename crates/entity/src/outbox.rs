//! `outbox`: side effects waiting to be carried out.

use sea_orm::entity::prelude::*;

/// Where a job is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    /// Waiting for its time.
    #[sea_orm(string_value = "queued")]
    Queued,
    /// Claimed by a worker until `locked_until`.
    #[sea_orm(string_value = "running")]
    Running,
    /// Carried out.
    #[sea_orm(string_value = "done")]
    Done,
    /// Gave up after `max_attempts`.
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// A row of `outbox`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Which handler carries it out: `email`, `search_index`...
    pub topic: String,
    /// What the handler needs.
    #[sea_orm(column_type = "JsonBinary")]
    pub payload: Json,
    /// At most one job per key.
    #[sea_orm(unique)]
    pub dedupe_key: Option<String>,
    /// Where it is.
    pub status: Status,
    /// Tries so far.
    pub attempts: i32,
    /// Tries before giving up.
    pub max_attempts: i32,
    /// Not before.
    pub run_at: DateTimeUtc,
    /// The claim expires then.
    pub locked_until: Option<DateTimeUtc>,
    /// The worker holding the claim.
    pub locked_by: Option<String>,
    /// The last failure.
    pub last_error: Option<String>,
    /// Enqueued.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
    /// Carried out.
    pub done_at: Option<DateTimeUtc>,
}

/// Relations of `outbox`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
