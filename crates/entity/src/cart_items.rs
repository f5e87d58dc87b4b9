//! `cart_items`: Lines of a cart: a variant and how many.

use sea_orm::entity::prelude::*;

/// A row of `cart_items`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cart_items")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cart.
    pub cart_id: Uuid,
    /// What.
    pub variant_id: Uuid,
    /// How many (1 or more).
    pub quantity: i32,
    /// The session booked, for an experience (`quantity` is then adults).
    pub session_id: Option<Uuid>,
    /// Children booked on the session.
    pub children: i32,
    /// Added.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `cart_items`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
