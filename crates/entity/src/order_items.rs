//! `order_items`: Lines of an order, snapshotted at checkout.

use sea_orm::entity::prelude::*;

/// A row of `order_items`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "order_items")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// The variant, while it exists.
    pub variant_id: Option<Uuid>,
    /// SKU at checkout.
    pub sku: String,
    /// Title at checkout.
    #[sea_orm(column_type = "JsonBinary")]
    pub title: kernel::I18nText,
    /// Options at checkout.
    #[sea_orm(column_type = "JsonBinary")]
    pub options: crate::json::Options,
    /// First picture at checkout.
    pub image_url: Option<String>,
    /// Unit price paid (tier applied).
    pub unit_price_vnd: i64,
    /// How many.
    pub quantity: i32,
    /// unit price × quantity.
    pub line_total_vnd: i64,
    /// Unit weight.
    pub weight_grams: Option<i32>,
    /// Made after ordering (no stock taken).
    pub made_to_order: bool,
    /// Days to make it.
    pub lead_time_days: Option<i32>,
    /// Placed.
    pub created_at: DateTimeUtc,
    /// The lot packed for it (a tracked listing), set when packing.
    pub lot_id: Option<Uuid>,
    /// That lot's public code, for the link to its page.
    pub trace_code: Option<String>,
    /// The session booked, for an experience (`quantity` is then adults).
    pub session_id: Option<Uuid>,
    /// When the booked session starts.
    pub starts_at: Option<DateTimeUtc>,
    /// How long it lasts.
    pub minutes: Option<i32>,
    /// Children booked.
    pub children: i32,
    /// `booked`, `arrived`, `no_show`, `completed` or `cancelled`.
    pub booking_status: Option<String>,
    /// Moved by the cooperative to another date (cancelling it then
    /// refunds everything).
    pub booking_moved: bool,
    /// The part of a booking paid on arrival (a deposit was paid online).
    pub balance_vnd: i64,
}

/// Relations of `order_items`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
