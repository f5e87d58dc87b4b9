//! `quote_requests`: An importer's request for quote to one cooperative.

use sea_orm::entity::prelude::*;

/// A row of `quote_requests`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quote_requests")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `RFQ-YYMMDD-XXXXXX`.
    pub number: String,
    /// Asked of.
    pub cooperative_id: Uuid,
    /// The importer (a person with a company account).
    pub buyer_id: Uuid,
    /// The company, as it was.
    pub company_name: String,
    /// Destination country (ISO 3166).
    pub country: String,
    /// Destination port.
    pub destination_port: String,
    /// Incoterm wished: EXW, FCA, FOB, CFR or CIF.
    pub incoterm: String,
    /// The named place of the Incoterm.
    pub named_place: String,
    /// Wanted delivered by.
    pub wanted_by: Option<Date>,
    /// Samples wanted first.
    pub samples_wanted: bool,
    /// Target price for the whole request, in đồng.
    pub target_price_vnd: Option<i64>,
    /// Labelling and packaging wishes.
    pub packaging_notes: Option<String>,
    /// The buyer’s language.
    pub language: String,
    /// The buyer’s currency.
    pub currency: String,
    /// open, quoted, accepted or withdrawn.
    pub status: String,
    /// Asked.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `quote_requests`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
