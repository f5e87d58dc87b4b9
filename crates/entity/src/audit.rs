//! Writing the append-only audit log (the database refuses changes to it).

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::audit_log;

/// One entry: who did what to what, why, in which request.
#[derive(Clone, Debug, Default)]
pub struct Entry {
    /// Who acted; `None` for the system.
    pub actor_id: Option<Uuid>,
    /// What was done, e.g. `cooperative.approve`.
    pub action: String,
    /// What kind of thing, e.g. `cooperative`.
    pub target_type: String,
    /// Which one.
    pub target_id: String,
    /// Why.
    pub reason: Option<String>,
    /// The request that did it.
    pub request_id: Option<String>,
    /// Details.
    pub data: Option<serde_json::Value>,
}

/// Appends an entry through `conn` — the caller's transaction, so the entry
/// exists exactly when the change it records does.
pub async fn record<C: ConnectionTrait>(conn: &C, entry: Entry) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    audit_log::Entity::insert(audit_log::ActiveModel {
        id: Set(id),
        actor_id: Set(entry.actor_id),
        action: Set(entry.action),
        target_type: Set(entry.target_type),
        target_id: Set(entry.target_id),
        reason: Set(entry.reason),
        request_id: Set(entry.request_id),
        data: Set(entry.data),
        created_at: Set(Utc::now()),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(id)
}
