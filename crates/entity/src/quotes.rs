//! `quotes`: One version of a cooperative's quote (never changed).

use sea_orm::entity::prelude::*;

use crate::json::QuoteLines;

/// A row of `quotes`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The request.
    pub request_id: Uuid,
    /// 1, 2, … in the order sent.
    pub version: i32,
    /// Price, quantity and lead time per request line.
    pub lines: QuoteLines,
    /// EXW, FCA, FOB, CFR or CIF.
    pub incoterm: String,
    /// The named place.
    pub named_place: String,
    /// How it is packed.
    pub packing: Option<String>,
    /// The price of a sample, in đồng.
    pub sample_price_vnd: Option<i64>,
    /// Days to make a sample.
    pub sample_days: Option<i32>,
    /// Deposit to pay on acceptance, in percent.
    pub deposit_percent: i32,
    /// Last day it may be accepted (Vietnam time).
    pub valid_until: Date,
    /// Notes.
    pub notes: Option<String>,
    /// The sum of its lines, in đồng.
    pub total_vnd: i64,
    /// The buyer’s currency.
    pub currency: String,
    /// The rate fixed on the quote: đồng per unit × 1000.
    pub vnd_per_unit_milli: Option<i64>,
    /// Who sent it.
    pub created_by: Option<Uuid>,
    /// Sent.
    pub created_at: DateTimeUtc,
}

/// Relations of `quotes`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
