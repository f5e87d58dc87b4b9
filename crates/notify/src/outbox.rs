//! The outbox: jobs written in the producer's transaction.

use chrono::{DateTime, Utc};
use entity::outbox;
use sea_orm::sea_query::{ExprTrait as _, OnConflict};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

use crate::{Error, Result};

/// Tries before a job is marked failed, unless the producer says otherwise.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 8;

/// A job to enqueue.
#[derive(Clone, Debug)]
pub struct NewJob<P> {
    /// Which handler carries it out, e.g. `email` or `search_index`.
    pub topic: &'static str,
    /// What the handler needs.
    pub payload: P,
    /// At most one job per key: enqueueing the same key twice keeps the first.
    pub dedupe_key: Option<String>,
    /// Not before this time (now when `None`).
    pub run_at: Option<DateTime<Utc>>,
    /// Tries before giving up.
    pub max_attempts: i32,
}

impl<P> NewJob<P> {
    /// A job for `topic`, due now, with the default number of tries.
    pub fn new(topic: &'static str, payload: P) -> Self {
        Self {
            topic,
            payload,
            dedupe_key: None,
            run_at: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        }
    }

    /// Enqueue at most once for this key.
    pub fn dedupe(mut self, key: impl Into<String>) -> Self {
        self.dedupe_key = Some(key.into());
        self
    }
}

/// Writes a job into the outbox through `conn`, which should be the
/// producer's transaction: then the job exists exactly when the producer's
/// change was committed. Returns the job's id, or `None` when a job with the
/// same dedupe key was already enqueued.
pub async fn enqueue<C: ConnectionTrait, P: Serialize>(
    conn: &C,
    job: NewJob<P>,
) -> Result<Option<Uuid>> {
    if job.topic.is_empty() || job.topic.len() > 32 {
        return Err(Error::InvalidJob("topic must be 1 to 32 characters"));
    }
    if job.max_attempts < 1 {
        return Err(Error::InvalidJob("max_attempts must be at least 1"));
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    let row = outbox::ActiveModel {
        id: Set(id),
        topic: Set(job.topic.to_owned()),
        payload: Set(serde_json::to_value(&job.payload)?),
        dedupe_key: Set(job.dedupe_key),
        status: Set(outbox::Status::Queued),
        attempts: Set(0),
        max_attempts: Set(job.max_attempts),
        run_at: Set(job.run_at.unwrap_or(now)),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        done_at: Set(None),
    };
    let inserted = outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(outbox::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok((inserted == 1).then_some(id))
}

/// Jobs per status, for operators.
pub async fn counts<C: ConnectionTrait>(conn: &C) -> Result<Vec<(String, i64)>> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::Expr;
    Ok(outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Status)
        .column_as(Expr::col(outbox::Column::Id).count(), "n")
        .group_by(outbox::Column::Status)
        .into_tuple::<(String, i64)>()
        .all(conn)
        .await?)
}

/// A job claimed by a worker.
#[derive(Clone, Debug)]
pub struct Job {
    /// Id.
    pub id: Uuid,
    /// Which handler carries it out.
    pub topic: String,
    /// What the handler needs.
    pub payload: serde_json::Value,
    /// Tries so far, this one included.
    pub attempts: i32,
    /// Tries before giving up.
    pub max_attempts: i32,
}

impl From<outbox::Model> for Job {
    fn from(m: outbox::Model) -> Self {
        Self {
            id: m.id,
            topic: m.topic,
            payload: m.payload,
            attempts: m.attempts,
            max_attempts: m.max_attempts,
        }
    }
}

/// Claims up to `limit` due jobs of `topics` for `worker` until `now + lease`.
/// Due means queued with `run_at` passed, or claimed by a worker whose lease
/// has run out (it died between claiming and finishing). On PostgreSQL the
/// rows are picked `FOR UPDATE SKIP LOCKED`, so workers in several processes
/// never claim the same job; SQLite serialises writers, so its single
/// statement is atomic too.
pub async fn claim<C: ConnectionTrait>(
    conn: &C,
    topics: &[&str],
    worker: &str,
    lease: chrono::Duration,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<Vec<Job>> {
    use sea_orm::sea_query::{Expr, LockBehavior, LockType};
    use sea_orm::{ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect, QueryTrait};

    let due = Condition::any()
        .add(
            Condition::all()
                .add(outbox::Column::Status.eq(outbox::Status::Queued))
                .add(outbox::Column::RunAt.lte(now)),
        )
        .add(
            Condition::all()
                .add(outbox::Column::Status.eq(outbox::Status::Running))
                .add(outbox::Column::LockedUntil.lt(now)),
        );
    let mut pick = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::Topic.is_in(topics.iter().copied()))
        .filter(due)
        .order_by_asc(outbox::Column::RunAt)
        .limit(limit);
    if conn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        pick = pick.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let claimed = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(outbox::Status::Running))
        .col_expr(outbox::Column::LockedBy, Expr::value(worker))
        .col_expr(outbox::Column::LockedUntil, Expr::value(now + lease))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .filter(outbox::Column::Id.in_subquery(pick.into_query()))
        .exec_with_returning(conn)
        .await?;
    Ok(claimed.into_iter().map(Job::from).collect())
}

/// Marks a job done, if `worker` still holds it.
pub async fn complete<C: ConnectionTrait>(conn: &C, id: Uuid, worker: &str) -> Result<bool> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let now = Utc::now();
    let result = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(outbox::Status::Done))
        .col_expr(outbox::Column::DoneAt, Expr::value(Some(now)))
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(outbox::Status::Running))
        .filter(outbox::Column::LockedBy.eq(worker))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records a failed try of a job `worker` holds: queued again at `retry_at`,
/// or `failed` for good when there is no retry (`None`).
pub async fn fail<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    worker: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<bool> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let now = Utc::now();
    let mut error = error.to_owned();
    error.truncate(2000);
    let mut update = outbox::Entity::update_many()
        .col_expr(outbox::Column::LastError, Expr::value(Some(error)))
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now));
    update = match retry_at {
        Some(at) => update
            .col_expr(outbox::Column::Status, Expr::value(outbox::Status::Queued))
            .col_expr(outbox::Column::RunAt, Expr::value(at)),
        None => update.col_expr(outbox::Column::Status, Expr::value(outbox::Status::Failed)),
    };
    let result = update
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(outbox::Status::Running))
        .filter(outbox::Column::LockedBy.eq(worker))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// A job as operators see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobSummary {
    /// Id.
    pub id: Uuid,
    /// Topic.
    pub topic: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// Tries so far.
    pub attempts: i32,
    /// Tries before giving up.
    pub max_attempts: i32,
    /// The last failure.
    pub last_error: Option<String>,
    /// For e-mails: the recipient and the subject.
    pub summary: Option<String>,
    /// Next try.
    pub run_at: DateTime<Utc>,
    /// Enqueued.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// The status names operators filter on.
pub fn parse_status(text: &str) -> Option<outbox::Status> {
    match text {
        "queued" => Some(outbox::Status::Queued),
        "running" => Some(outbox::Status::Running),
        "done" => Some(outbox::Status::Done),
        "failed" => Some(outbox::Status::Failed),
        _ => None,
    }
}

fn status_name(status: outbox::Status) -> &'static str {
    match status {
        outbox::Status::Queued => "queued",
        outbox::Status::Running => "running",
        outbox::Status::Done => "done",
        outbox::Status::Failed => "failed",
    }
}

impl From<outbox::Model> for JobSummary {
    fn from(m: outbox::Model) -> Self {
        let summary = (m.topic == crate::mail::TOPIC).then(|| {
            let to = m.payload["to_email"].as_str().unwrap_or_default();
            let subject = m.payload["subject"].as_str().unwrap_or_default();
            format!("{to} · {subject}")
        });
        Self {
            id: m.id,
            topic: m.topic,
            status: status_name(m.status).to_owned(),
            attempts: m.attempts,
            max_attempts: m.max_attempts,
            last_error: m.last_error,
            summary,
            run_at: m.run_at,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// Jobs with `status` (all when `None`), newest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    status: Option<outbox::Status>,
    page: kernel::PageRequest,
) -> Result<kernel::Page<JobSummary>> {
    use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut select = outbox::Entity::find();
    if let Some(status) = status {
        select = select.filter(outbox::Column::Status.eq(status));
    }
    let total = select.clone().count(conn).await?;
    let rows = select
        .order_by_desc(outbox::Column::UpdatedAt)
        .order_by_desc(outbox::Column::Id)
        .offset(page.offset())
        .limit(page.per_page())
        .all(conn)
        .await?;
    Ok(kernel::Page::new(
        rows.into_iter().map(JobSummary::from).collect(),
        page,
        total,
    ))
}

/// Puts a failed job back in the queue for a fresh set of tries. Returns
/// whether the job was failed (and is now queued).
pub async fn retry<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<bool> {
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, QueryFilter};
    let now = Utc::now();
    let result = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(outbox::Status::Queued))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::RunAt, Expr::value(now))
        .col_expr(outbox::Column::UpdatedAt, Expr::value(now))
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::Status.eq(outbox::Status::Failed))
        .exec(conn)
        .await?;
    Ok(result.rows_affected == 1)
}

/// One job, as operators see it.
pub async fn get<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<Option<JobSummary>> {
    Ok(outbox::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(JobSummary::from))
}
