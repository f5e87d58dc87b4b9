//! `lots`: A cooperative's production or harvest batch of one listing,
//! with its public traceability code.

use sea_orm::entity::prelude::*;

use crate::json::{IdList, LotMakers, LotMaterials};

/// A row of `lots`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lots")]
pub struct Model {
    /// UUIDv7.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// The listing's title when the lot was recorded, for its page once
    /// the listing is gone.
    #[sea_orm(column_type = "JsonBinary")]
    pub product_title: kernel::I18nText,
    /// The variant, when the lot is of one.
    pub variant_id: Option<Uuid>,
    /// The public code of its page (`/t/{code}`).
    #[sea_orm(unique)]
    pub code: String,
    /// The cooperative's lot number, unique in the cooperative.
    pub lot_number: String,
    /// The trade item's GTIN, for GS1 Digital Link addresses.
    pub gtin: Option<String>,
    /// How many were made or harvested.
    pub quantity: i32,
    /// Of what: piece, kg, bag.
    pub unit: String,
    /// Harvested (produce).
    pub harvested_on: Option<Date>,
    /// Made (crafts, processed food).
    pub produced_on: Option<Date>,
    /// Packed.
    pub packed_on: Option<Date>,
    /// Best before (food).
    pub best_before: Option<Date>,
    /// The commune.
    pub commune: Option<String>,
    /// The plot or workshop.
    pub place: Option<String>,
    /// Who made it.
    #[sea_orm(column_type = "JsonBinary")]
    pub makers: LotMakers,
    /// Its materials and their origin.
    #[sea_orm(column_type = "JsonBinary")]
    pub materials: LotMaterials,
    /// The cooperative's certifications it claims.
    #[sea_orm(column_type = "JsonBinary")]
    pub certification_ids: IdList,
    /// A note.
    pub notes: Option<String>,
    /// open or recalled.
    pub status: String,
    /// When it was recalled.
    pub recalled_at: Option<DateTimeUtc>,
    /// Why.
    pub recall_reason: Option<String>,
    /// Who recalled it.
    pub recalled_by: Option<Uuid>,
    /// Who recorded it.
    pub created_by: Option<Uuid>,
    /// Recorded.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// Relations of `lots`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
