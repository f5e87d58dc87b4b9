//! `stripe_events`: Stripe events already acted on (each acts once).

use sea_orm::entity::prelude::*;

/// A row of `stripe_events`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "stripe_events")]
pub struct Model {
    /// The event's id (evt_…).
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Its type, e.g. payment_intent.succeeded.
    pub kind: String,
    /// When it was first received.
    pub received_at: DateTimeUtc,
}

/// Relations of `stripe_events`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
