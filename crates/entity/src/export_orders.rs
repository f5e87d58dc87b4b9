//! `export_orders`: An accepted quote being made and shipped.

use sea_orm::entity::prelude::*;

/// A row of `export_orders`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "export_orders")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `EX-YYMMDD-XXXXXX`, also the proforma invoice’s number.
    pub number: String,
    /// The request.
    pub request_id: Uuid,
    /// The quote version accepted.
    pub quote_id: Uuid,
    /// The seller.
    pub cooperative_id: Uuid,
    /// The importer.
    pub buyer_id: Uuid,
    /// The whole, in đồng.
    pub total_vnd: i64,
    /// The deposit.
    pub deposit_vnd: i64,
    /// The balance.
    pub balance_vnd: i64,
    /// awaiting_deposit, deposit_paid, in_production, ready, balance_paid,
    /// shipped or delivered.
    pub status: String,
    /// The carrier, once shipped.
    pub carrier: Option<String>,
    /// The container / bill of lading or air waybill number.
    pub transport_ref: Option<String>,
    /// Accepted.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `export_orders`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The request it was quoted for.
    #[sea_orm(
        belongs_to = "super::quote_requests::Entity",
        from = "Column::RequestId",
        to = "super::quote_requests::Column::Id"
    )]
    Request,
}

impl ActiveModelBehavior for ActiveModel {}
