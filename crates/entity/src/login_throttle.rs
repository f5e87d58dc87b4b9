//! `login_throttle`: failed guesses (sign-in passwords, guest order
//! look-ups) per (account or order, client address) pair and per address.

use sea_orm::entity::prelude::*;

/// A row of `login_throttle`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// `signin:<email>|<address>`, `signin-ip:<address>`,
    /// `lookup:<order number>|<address>` or `lookup-ip:<address>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Failures in the current window.
    pub failures: i32,
    /// When the window began: the first failure it counts.
    pub window_start: DateTimeUtc,
    /// Tries under this key are refused until then.
    pub locked_until: Option<DateTimeUtc>,
}

/// Relations of `login_throttle`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
