//! The outbox: jobs written in the producer's transaction.

use chrono::{DateTime, Utc};
use entity::outbox;
use sea_orm::sea_query::OnConflict;
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
    use sea_orm::sea_query::{Expr, ExprTrait as _};
    Ok(outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Status)
        .column_as(Expr::col(outbox::Column::Id).count(), "n")
        .group_by(outbox::Column::Status)
        .into_tuple::<(String, i64)>()
        .all(conn)
        .await?)
}
