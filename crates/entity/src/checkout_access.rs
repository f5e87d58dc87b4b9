//! `checkout_access`: Tokens that let a guest's browser see its checkout
//! (kept hashed), so that no e-mail address travels in a URL.

use sea_orm::entity::prelude::*;

/// A row of `checkout_access`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "checkout_access")]
pub struct Model {
    /// SHA-256 of the token, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    /// The checkout it opens.
    pub checkout_id: Uuid,
    /// Issued.
    pub created_at: DateTimeUtc,
}

/// Relations of `checkout_access`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
