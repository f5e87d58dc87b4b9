//! `sessions`: server-side sessions behind the session cookie.

use sea_orm::entity::prelude::*;

/// A row of `sessions`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose.
    pub user_id: Uuid,
    /// SHA-256 (hex) of the cookie's secret.
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The token forms and `X-CSRF-Token` must carry.
    pub csrf_token: String,
    /// The browser, as it said.
    pub user_agent: Option<String>,
    /// Where it signed in from.
    pub ip: Option<String>,
    /// Signed in.
    pub created_at: DateTimeUtc,
    /// Last used (updated at most every few minutes).
    pub last_seen_at: DateTimeUtc,
    /// Ends.
    pub expires_at: DateTimeUtc,
    /// Signed out.
    pub revoked_at: Option<DateTimeUtc>,
}

/// Relations of `sessions`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
