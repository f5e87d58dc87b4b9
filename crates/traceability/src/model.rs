//! What lots look like to their cooperative, to union staff and to anyone
//! who scans a label, and what is typed about them.

use chrono::{DateTime, NaiveDate, Utc};
use kernel::{CooperativeId, I18nText};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Someone who made a lot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MakerInput {
    /// The member household or artisan: "Hộ bà Hồ Thị Lan".
    pub name: String,
    /// What they did: "đan giỏ".
    pub role: Option<String>,
}

/// A material of a lot and where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MaterialInput {
    /// The material: "mây".
    pub name: String,
    /// Where it came from: "A Lưới".
    pub origin: Option<String>,
}

/// A lot as typed by its cooperative.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LotInput {
    /// The listing (one of the cooperative's).
    pub product_id: Option<Uuid>,
    /// The variant, when the lot is of one.
    pub variant_id: Option<Uuid>,
    /// The cooperative's own lot number, unique in the cooperative.
    pub lot_number: String,
    /// The trade item's GTIN (8, 12, 13 or 14 digits), for GS1 Digital
    /// Link addresses `/01/{gtin}/10/{lot_number}`.
    pub gtin: Option<String>,
    /// How many were made or harvested.
    pub quantity: Option<i64>,
    /// Of what: `piece` (default), `kg`, `bag`, `box`.
    pub unit: Option<String>,
    /// Harvested (produce).
    pub harvested_on: Option<NaiveDate>,
    /// Made (crafts, processed food).
    pub produced_on: Option<NaiveDate>,
    /// Packed.
    pub packed_on: Option<NaiveDate>,
    /// Best before (food).
    pub best_before: Option<NaiveDate>,
    /// The commune.
    pub commune: Option<String>,
    /// The plot or workshop.
    pub place: Option<String>,
    /// Who made it.
    pub makers: Vec<MakerInput>,
    /// Its materials and their origin.
    pub materials: Vec<MaterialInput>,
    /// The cooperative's certifications it claims.
    pub certification_ids: Vec<Uuid>,
    /// A note.
    pub notes: Option<String>,
}

/// A diary entry as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DiaryInput {
    /// `input` (fertiliser, pesticide), `irrigation`, `harvest`,
    /// `processing`, `making` or `note`.
    pub kind: String,
    /// The day it happened.
    pub happened_on: Option<NaiveDate>,
    /// What happened, in a line.
    pub title: String,
    /// More.
    pub detail: Option<String>,
    /// The fertiliser or pesticide (for `input`).
    pub input_name: Option<String>,
    /// How much.
    pub dose: Option<String>,
    /// Days to wait between the input and the harvest.
    pub pre_harvest_interval_days: Option<i32>,
    /// A photo: `https://…` or `/media/…`.
    pub photo_url: Option<String>,
}

/// Why a lot is recalled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RecallInput {
    /// Why (shown on the lot's page and e-mailed to its buyers).
    pub reason: String,
}

/// The lot chosen for one line of an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PackingLineInput {
    /// The order line (`items[].item_id` of the order).
    pub item_id: Option<Uuid>,
    /// The lot.
    pub lot_id: Option<Uuid>,
}

/// The lots chosen when packing an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PackingInput {
    /// One per line of a tracked listing.
    pub lines: Vec<PackingLineInput>,
}

/// Which lots to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LotFilter {
    /// Only `open` or `recalled` ones.
    pub status: Option<String>,
}

/// How a certification a lot claims stands today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertificationStanding {
    /// Verified by union staff and not expired.
    Valid,
    /// Its expiry date has passed (in Vietnam).
    Expired,
    /// Union staff rejected or withdrew it.
    Withdrawn,
    /// Not checked by union staff yet.
    Pending,
}

impl CertificationStanding {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Expired => "expired",
            Self::Withdrawn => "withdrawn",
            Self::Pending => "pending",
        }
    }
}

/// A certification a lot claims, with its standing on the day it is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LotCertification {
    /// Id.
    pub id: Uuid,
    /// `vietgap`, `ocop`, `organic` or `award`.
    pub kind: String,
    /// The award's or standard's name.
    pub name: Option<String>,
    /// Certificate number.
    pub number: Option<String>,
    /// Certifying body.
    pub issuer: Option<String>,
    /// OCOP stars.
    pub stars: Option<i16>,
    /// Expires.
    pub expires_on: Option<NaiveDate>,
    /// How it stands today.
    pub standing: CertificationStanding,
}

/// A step of the field diary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DiaryEntryView {
    /// Id.
    pub id: Uuid,
    /// input, irrigation, harvest, processing, making or note.
    pub kind: String,
    /// The day.
    pub happened_on: NaiveDate,
    /// What happened.
    pub title: String,
    /// More.
    pub detail: Option<String>,
    /// The fertiliser or pesticide.
    pub input_name: Option<String>,
    /// How much.
    pub dose: Option<String>,
    /// Days to wait before harvest.
    pub pre_harvest_interval_days: Option<i32>,
    /// The first day the harvest was safe after this input.
    pub safe_from: Option<NaiveDate>,
    /// A photo.
    pub photo_url: Option<String>,
}

/// A recall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecallView {
    /// When.
    pub recalled_at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// A maker of a lot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Maker {
    /// Who.
    pub name: String,
    /// What they did.
    pub role: Option<String>,
}

/// A material of a lot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Material {
    /// What.
    pub name: String,
    /// From where.
    pub origin: Option<String>,
}

/// A lot as its cooperative and union staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LotView {
    /// Id.
    pub id: Uuid,
    /// The public code.
    pub code: String,
    /// The public page, absolute (what the QR code encodes).
    pub url: String,
    /// The GS1 Digital Link address of the page, when the lot has a GTIN.
    pub gs1_url: Option<String>,
    /// The cooperative.
    pub cooperative_id: CooperativeId,
    /// Its URL name.
    pub cooperative_slug: String,
    /// Its name.
    pub cooperative_name: String,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// Its URL name.
    pub product_slug: String,
    /// Its title in the asked language.
    pub product_title: String,
    /// Its title in every language.
    #[schema(value_type = Object)]
    pub product_translations: I18nText,
    /// The variant.
    pub variant_id: Option<Uuid>,
    /// The variant's SKU.
    pub variant_sku: Option<String>,
    /// The cooperative's lot number.
    pub lot_number: String,
    /// GTIN.
    pub gtin: Option<String>,
    /// How many.
    pub quantity: i32,
    /// Of what.
    pub unit: String,
    /// Harvested.
    pub harvested_on: Option<NaiveDate>,
    /// Made.
    pub produced_on: Option<NaiveDate>,
    /// Packed.
    pub packed_on: Option<NaiveDate>,
    /// Best before.
    pub best_before: Option<NaiveDate>,
    /// Commune.
    pub commune: Option<String>,
    /// Plot or workshop.
    pub place: Option<String>,
    /// Who made it.
    pub makers: Vec<Maker>,
    /// What it is made of, from where.
    pub materials: Vec<Material>,
    /// Its certifications, as they stand today.
    pub certifications: Vec<LotCertification>,
    /// A note.
    pub notes: Option<String>,
    /// `open` or `recalled`.
    pub status: String,
    /// The recall, if any.
    pub recall: Option<RecallView>,
    /// The field diary, oldest first.
    pub diary: Vec<DiaryEntryView>,
    /// Visits of its page so far.
    pub scans_total: i64,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// A lot in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LotSummary {
    /// Id.
    pub id: Uuid,
    /// The public code.
    pub code: String,
    /// The cooperative's lot number.
    pub lot_number: String,
    /// The cooperative.
    pub cooperative_id: CooperativeId,
    /// Its name.
    pub cooperative_name: String,
    /// The listing, while it exists.
    pub product_id: Option<Uuid>,
    /// Its title in the asked language.
    pub product_title: String,
    /// How many.
    pub quantity: i32,
    /// Of what.
    pub unit: String,
    /// `open` or `recalled`.
    pub status: String,
    /// When it was recalled.
    pub recalled_at: Option<DateTime<Utc>>,
    /// Buyers e-mailed about its recall.
    pub buyers_notified: i64,
    /// Visits of its page.
    pub scans_total: i64,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// What anyone sees of a lot: its public page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicLot {
    /// The public code.
    pub code: String,
    /// The page, absolute.
    pub url: String,
    /// The cooperative's lot number.
    pub lot_number: String,
    /// The cooperative.
    pub cooperative_name: String,
    /// Its URL name (its page is `/cooperatives/{slug}`).
    pub cooperative_slug: String,
    /// The product's title in the asked language.
    pub product_title: String,
    /// The variant's SKU.
    pub variant_sku: Option<String>,
    /// Where to buy it, while the listing is on sale and the lot is not
    /// recalled (`/products/{slug}`).
    pub buy_url: Option<String>,
    /// How many.
    pub quantity: i32,
    /// Of what.
    pub unit: String,
    /// Harvested.
    pub harvested_on: Option<NaiveDate>,
    /// Made.
    pub produced_on: Option<NaiveDate>,
    /// Packed.
    pub packed_on: Option<NaiveDate>,
    /// Best before.
    pub best_before: Option<NaiveDate>,
    /// Commune.
    pub commune: Option<String>,
    /// Plot or workshop.
    pub place: Option<String>,
    /// Who made it.
    pub makers: Vec<Maker>,
    /// What it is made of, from where.
    pub materials: Vec<Material>,
    /// Its certifications, as they stand today.
    pub certifications: Vec<LotCertification>,
    /// The field diary, oldest first.
    pub diary: Vec<DiaryEntryView>,
    /// The recall, if any: shown at the top of the page.
    pub recall: Option<RecallView>,
}

/// Visits of a lot's page on one day (in Vietnam).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScanDay {
    /// The day.
    pub day: NaiveDate,
    /// Visits.
    pub count: i64,
}

/// Visits of a lot's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScanReport {
    /// The lot.
    pub lot_id: Uuid,
    /// All visits.
    pub total: i64,
    /// Per day, newest first (days without visits left out).
    pub days: Vec<ScanDay>,
}

/// A buyer told of a recall.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecallNotice {
    /// The order.
    pub order_id: Uuid,
    /// Its number.
    pub order_number: String,
    /// The buyer.
    pub buyer_name: String,
    /// Where the e-mail went.
    pub buyer_email: String,
    /// How many of the lot the order had.
    pub quantity: i32,
    /// When the e-mail was queued.
    pub notified_at: DateTime<Utc>,
}

/// A recalled lot and the buyers told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecallReport {
    /// The lot.
    pub lot: LotSummary,
    /// The recall.
    pub recall: RecallView,
    /// The buyers e-mailed, one per order.
    pub notices: Vec<RecallNotice>,
}

/// A lot that may be packed for a line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LotOption {
    /// The lot.
    pub lot_id: Uuid,
    /// Its number.
    pub lot_number: String,
    /// Its public code.
    pub code: String,
}

/// A line of an order being packed, with the lots that fit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PackingLineView {
    /// The line.
    pub item_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Title in the asked language.
    pub title: String,
    /// How many.
    pub quantity: i32,
    /// The lot chosen.
    pub lot_id: Option<Uuid>,
    /// The lots not recalled of its listing (and variant): a line with
    /// none is of a listing not tracked.
    pub lots: Vec<LotOption>,
}

/// An order being packed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PackingView {
    /// The order.
    pub order_id: Uuid,
    /// Its number.
    pub number: String,
    /// Where it is.
    pub status: String,
    /// Whether lots may still be chosen (until it is shipped).
    pub open: bool,
    /// Its lines.
    pub lines: Vec<PackingLineView>,
}
