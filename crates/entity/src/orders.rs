//! `orders`: Orders: what one cooperative packs and ships for one checkout.

use sea_orm::entity::prelude::*;

/// A row of `orders`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Shown to people: HT-YYMMDD-XXXXXX.
    pub number: String,
    /// The checkout it came from.
    pub checkout_id: Uuid,
    /// The seller.
    pub cooperative_id: Uuid,
    /// The signed-in buyer; none for a guest.
    pub buyer_id: Option<Uuid>,
    /// Contact e-mail (snapshot).
    pub buyer_email: String,
    /// Contact name (snapshot).
    pub buyer_name: String,
    /// Contact phone (snapshot).
    pub buyer_phone: String,
    /// Where to deliver (snapshot).
    #[sea_orm(column_type = "JsonBinary")]
    pub address: crate::json::PostalAddress,
    /// Outside Vietnam.
    pub international: bool,
    /// pending_payment, confirmed, packed, shipped, delivered, completed, cancelled.
    pub status: String,
    /// cod, bank_transfer or card.
    pub payment_method: String,
    /// unpaid, paid or refunded.
    pub payment_status: String,
    /// Sum of the lines.
    pub items_total_vnd: i64,
    /// Shipping; none while the cooperative has to quote it.
    pub shipping_fee_vnd: Option<i64>,
    /// Lines plus known shipping.
    pub total_vnd: i64,
    /// Refunded (or being refunded) of the total.
    pub refunded_vnd: i64,
    /// Weight of the parcel as listed.
    pub weight_grams: i32,
    /// Who carries it.
    pub carrier: Option<String>,
    /// The carrier's number.
    pub tracking_number: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Whether its stock has been given back (once).
    pub stock_returned: bool,
    /// When an unpaid order lapses.
    pub expires_at: Option<DateTimeUtc>,
    /// Placed.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
    /// When union staff let it be prepared before it was paid.
    pub released_at: Option<DateTimeUtc>,
    /// Who did.
    pub released_by: Option<Uuid>,
    /// Why.
    pub release_reason: Option<String>,
    /// The part of the total paid on arrival rather than online (the
    /// bookings' balances after a deposit): the money asked online is
    /// `total_vnd − balance_vnd`.
    pub balance_vnd: i64,
    /// What the cooperative collected of that balance.
    pub balance_collected_vnd: i64,
}

/// Relations of `orders`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
