//! `users`: people with an account.

use sea_orm::entity::prelude::*;

/// A platform-wide role; roles inside a cooperative are memberships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Role {
    /// Anyone who buys.
    #[sea_orm(string_value = "shopper")]
    Shopper,
    /// Staff of the city's Cooperative Union.
    #[sea_orm(string_value = "staff")]
    Staff,
    /// Runs the platform.
    #[sea_orm(string_value = "admin")]
    Admin,
}

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Lower-cased e-mail address.
    #[sea_orm(unique)]
    pub email: String,
    /// Display name.
    pub name: String,
    /// argon2id PHC string; never leaves the `accounts` crate.
    pub password_hash: String,
    /// Preferred language code.
    pub locale: String,
    /// Platform role.
    pub role: Role,
    /// When the address was confirmed.
    pub email_verified_at: Option<DateTimeUtc>,
    /// When the account was disabled.
    pub disabled_at: Option<DateTimeUtc>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `users`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
