//! `Idempotency-Key`: a request sent again with the same key and body
//! answers what the first one answered, and acts once.
//!
//! The key is claimed *inside the transaction that acts*, and its answer is
//! written in that same transaction: a request cut off (by a crash, a
//! timeout, `kill -9`) leaves nothing behind, so its retry simply acts; one
//! that committed has its answer stored, so its retry replays it. A second
//! request racing the first waits on the database for the first to finish
//! (PostgreSQL's unique index, SQLite's single writer) and then replays.
//!
//! An operation that must call an outside service between two
//! transactions (a card refund through Stripe) records what it made under
//! the key ([`attach`]) in the first; a retry finds it and resumes that
//! same thing instead of making another ([`Claim::Resume`]).

use std::time::Duration;

use chrono::Utc;
use entity::idempotency_keys;
use kernel::{FieldErrors, problem};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Error, Result};

/// A claim older than this with neither answer nor resource belongs to a
/// request that died before the fix that claims keys inside transactions;
/// a retry takes it over.
const ABANDONED_AFTER: Duration = Duration::from_secs(60);

/// A keyed request: whose keys (`scope`), the key, and a hash of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyed {
    scope: String,
    key: String,
    hash: String,
}

impl Keyed {
    /// `key` (1 to 255 characters) for `request` within `scope` (at most 80
    /// characters: whose keys these are, e.g. `refund:<order>:<user>`).
    pub fn new(scope: impl Into<String>, key: &str, request: &impl Serialize) -> Result<Self> {
        let key = key.trim();
        if key.is_empty() || key.len() > 255 {
            return Err(Error::Invalid(FieldErrors::single(
                "Idempotency-Key",
                problem::length_between(1, 255),
            )));
        }
        Ok(Self {
            scope: scope.into(),
            key: key.to_owned(),
            hash: request_hash(request)?,
        })
    }

    /// [`Keyed::new`] when there is a key.
    pub fn maybe(
        scope: impl Into<String>,
        key: Option<&str>,
        request: &impl Serialize,
    ) -> Result<Option<Self>> {
        key.map(|key| Self::new(scope, key, request)).transpose()
    }
}

/// What claiming a key found.
#[derive(Debug)]
pub enum Claim {
    /// The key is this request's (the row's id): act, then [`answer`].
    Fresh(Uuid),
    /// The first request's answer: give it again.
    Replay(serde_json::Value),
    /// The first request made this (e.g. a refund) and was cut off before it
    /// answered: resume it, then [`answer`] under the row's id.
    Resume {
        /// The key's row.
        id: Uuid,
        /// What the first request made.
        resource: Uuid,
    },
}

/// Claims `keyed` through `conn` — the transaction that acts on the
/// request. Another body under the same key is `idempotency_key_reused`.
pub async fn claim<C: ConnectionTrait>(conn: &C, keyed: &Keyed) -> Result<Claim> {
    let id = Uuid::now_v7();
    let inserted = idempotency_keys::Entity::insert(idempotency_keys::ActiveModel {
        id: Set(id),
        scope: Set(keyed.scope.clone()),
        key: Set(keyed.key.clone()),
        request_hash: Set(keyed.hash.clone()),
        response_status: Set(None),
        response: Set(None),
        created_at: Set(Utc::now()),
        resource_id: Set(None),
    })
    // waits for a concurrent request holding the same key to finish
    .on_conflict(
        OnConflict::columns([
            idempotency_keys::Column::Scope,
            idempotency_keys::Column::Key,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    if inserted == 1 {
        return Ok(Claim::Fresh(id));
    }
    let row = idempotency_keys::Entity::find()
        .filter(idempotency_keys::Column::Scope.eq(keyed.scope.as_str()))
        .filter(idempotency_keys::Column::Key.eq(keyed.key.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| Error::Corrupt("an idempotency key vanished".into()))?;
    if row.request_hash != keyed.hash {
        return Err(Error::IdempotencyKeyReused);
    }
    if let Some(response) = row.response {
        return Ok(Claim::Replay(response));
    }
    if let Some(resource) = row.resource_id {
        return Ok(Claim::Resume {
            id: row.id,
            resource,
        });
    }
    take_over(conn, &row).await
}

/// A claim without answer or resource: left by a request that died before
/// claims moved inside transactions. Taken over once it is old enough.
async fn take_over<C: ConnectionTrait>(conn: &C, row: &idempotency_keys::Model) -> Result<Claim> {
    let abandoned = chrono::Duration::from_std(ABANDONED_AFTER).unwrap_or_default();
    if Utc::now() - row.created_at < abandoned {
        return Err(Error::IdempotencyInProgress);
    }
    let taken = idempotency_keys::Entity::update_many()
        .col_expr(idempotency_keys::Column::CreatedAt, Expr::value(Utc::now()))
        .filter(idempotency_keys::Column::Id.eq(row.id))
        .filter(idempotency_keys::Column::CreatedAt.eq(row.created_at))
        .filter(idempotency_keys::Column::Response.is_null())
        .exec(conn)
        .await?;
    if taken.rows_affected == 1 {
        Ok(Claim::Fresh(row.id))
    } else {
        Err(Error::IdempotencyInProgress)
    }
}

/// Writes the answer of the request that claimed `id`, in its transaction.
pub async fn answer<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    status: u16,
    body: &impl Serialize,
) -> Result<()> {
    let stored = serde_json::to_value(body).map_err(|e| Error::Corrupt(e.to_string()))?;
    idempotency_keys::Entity::update_many()
        .col_expr(
            idempotency_keys::Column::ResponseStatus,
            Expr::value(Some(i32::from(status))),
        )
        .col_expr(
            idempotency_keys::Column::Response,
            Expr::value(Some(stored)),
        )
        .filter(idempotency_keys::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Records what the request that claimed `id` made, so that a retry after
/// a crash resumes it.
pub async fn attach<C: ConnectionTrait>(conn: &C, id: Uuid, resource: Uuid) -> Result<()> {
    idempotency_keys::Entity::update_many()
        .col_expr(
            idempotency_keys::Column::ResourceId,
            Expr::value(Some(resource)),
        )
        .filter(idempotency_keys::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Lets the key go (the request was refused after it was attached): the
/// same key may be sent again.
pub async fn release<C: ConnectionTrait>(conn: &C, id: Uuid) -> Result<()> {
    idempotency_keys::Entity::delete_by_id(id)
        .exec(conn)
        .await?;
    Ok(())
}

/// The stored answer, as the request's type.
pub fn replayed<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_json::from_value(value).map_err(|e| Error::Corrupt(e.to_string()))
}

/// SHA-256 of the request's JSON, hex.
pub(crate) fn request_hash(input: &impl Serialize) -> Result<String> {
    let body = serde_json::to_vec(input).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(hex(&Sha256::digest(&body)))
}

/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
