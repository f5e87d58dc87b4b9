//! `experiences`: What makes a listing a community-tourism experience: how
//! long it lasts, where to meet, the guide's languages, what is included,
//! the group's size, the child price and the cancellation policy.

use sea_orm::entity::prelude::*;

/// A row of `experiences`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "experiences")]
pub struct Model {
    /// The listing.
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: Uuid,
    /// Its cooperative.
    pub cooperative_id: Uuid,
    /// How long it lasts, in minutes.
    pub minutes: i32,
    /// Where to meet (address and directions).
    pub meeting_point: String,
    /// A map link to the meeting point.
    pub map_url: Option<String>,
    /// The guide's languages, codes separated by commas (`vi,en`).
    pub languages: String,
    /// What the price includes.
    pub included: String,
    /// The fewest people a booking may be for.
    pub min_people: i32,
    /// The most people a booking may be for.
    pub max_people: i32,
    /// The variant's price is for the whole group.
    pub per_group: bool,
    /// The price of a child (per-person pricing only); adults' when none.
    pub child_price_vnd: Option<i64>,
    /// Free cancellation until this many days before.
    pub free_cancel_days: i32,
    /// The share refunded when cancelled later (0–100).
    pub late_refund_percent: i32,
    /// The share paid at checkout when the buyer pays a deposit (10–90),
    /// the rest on arrival; none: paid in full.
    pub deposit_percent: Option<i32>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `experiences`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
