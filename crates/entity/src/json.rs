//! Typed JSON columns.

use std::collections::BTreeMap;

use sea_orm::FromJsonQueryResult;
use serde::{Deserialize, Serialize};

/// A list of short strings, such as a listing's tags.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct StringList(pub Vec<String>);

/// One wholesale price: from `min_qty` units on, each costs `price_vnd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceTier {
    /// The fewest units this price is for.
    pub min_qty: i32,
    /// Price of one unit in đồng.
    pub price_vnd: i64,
}

/// A variant's wholesale prices, by rising quantity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct PriceTiers(pub Vec<PriceTier>);

/// What a listing says about itself: the part of a listing that union
/// staff review. Kept whole in `products.pending_content` while edits of an
/// approved listing wait for review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct ListingContent {
    /// Title per locale.
    pub title: kernel::I18nText,
    /// Short description per locale.
    pub summary: kernel::I18nText,
    /// Long description (Markdown) per locale.
    pub description: kernel::I18nText,
    /// Care instructions per locale.
    pub care: Option<kernel::I18nText>,
    /// Category.
    pub category_id: Option<uuid::Uuid>,
    /// Material and use tags.
    pub tags: Vec<String>,
    /// Commune of origin.
    pub origin_commune: Option<String>,
    /// Province of origin.
    pub origin_province: Option<String>,
    /// The household or artisan who made it.
    pub maker: Option<String>,
}

/// Named options of a variant: `{"size": "M", "colour": "natural"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Options(pub BTreeMap<String, String>);

/// A delivery address: Vietnamese (province, district, ward, street) or
/// international (country, city, postal code, street).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
pub struct PostalAddress {
    /// ISO 3166-1 alpha-2 country code, `VN` for Vietnam.
    pub country: String,
    /// Province or city under the central government (Vietnam), or state.
    pub province: Option<String>,
    /// District (Vietnam).
    pub district: Option<String>,
    /// Ward or commune (Vietnam).
    pub ward: Option<String>,
    /// City (abroad).
    pub city: Option<String>,
    /// Postal code (abroad).
    pub postal_code: Option<String>,
    /// House number and street.
    pub street: String,
}

/// One line of a quote version: what the cooperative offers for a line of
/// the request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    /// The request's line.
    pub request_line_id: uuid::Uuid,
    /// Price of one unit in đồng.
    pub unit_price_vnd: i64,
    /// The quantity quoted.
    pub quantity: i32,
    /// The fewest units this price is for.
    pub min_qty: i32,
    /// Days from the deposit to ready.
    pub lead_time_days: i32,
}

/// The lines of a quote version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct QuoteLines(pub Vec<QuoteLine>);

/// Someone who made a lot: a member household or an artisan, and what
/// they did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotMaker {
    /// The household's or artisan's name.
    pub name: String,
    /// What they did: "đan giỏ", "trồng và thu hoạch".
    pub role: Option<String>,
}

/// The makers of a lot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct LotMakers(pub Vec<LotMaker>);

/// A material of a lot and where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotMaterial {
    /// The material: "mây", "giống lúa Ra Dư".
    pub name: String,
    /// Where it came from: "A Lưới".
    pub origin: Option<String>,
}

/// The materials of a lot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct LotMaterials(pub Vec<LotMaterial>);

/// A list of ids.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct IdList(pub Vec<uuid::Uuid>);
