//! `/api/v1/products`: listings.

pub mod get;
pub mod images;
pub mod list;
pub mod manage;

use chrono::{DateTime, Utc};
use kernel::{CategoryId, Locale, Money, ProductId, VariantId};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

use super::cooperatives::CooperativeResponse;
use super::views::{
    CategoryRefResponse, CertificationResponse, CooperativeRefResponse, ImageResponse, Translations,
};

/// Texts of a listing in every language written.
#[derive(Serialize, ToSchema)]
pub struct ProductTranslations {
    /// Title.
    pub title: Translations,
    /// Short description.
    pub summary: Translations,
    /// Long description, Markdown (detail only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Translations>,
    /// Care instructions (detail only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub care: Option<Translations>,
}

/// A listing in a list.
#[derive(Serialize, ToSchema)]
pub struct ProductCardResponse {
    /// Id.
    pub id: ProductId,
    /// URL name.
    pub slug: String,
    /// Title in the request's locale.
    pub title: String,
    /// Short description in the request's locale.
    pub summary: String,
    /// The seller.
    pub cooperative: CooperativeRefResponse,
    /// The category.
    pub category_id: Option<CategoryId>,
    /// The lowest variant price.
    pub price: Money,
    /// The highest variant price.
    pub price_max: Money,
    /// Whether some variant can be bought now.
    pub in_stock: bool,
    /// Material and use tags.
    pub tags: Vec<String>,
    /// The first picture.
    pub image: Option<ImageResponse>,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
    /// Its buyers' average stars in tenths (43 is 4.3 stars); none
    /// without reviews.
    pub rating_tenths: Option<i32>,
    /// Its visible reviews.
    pub reviews: i64,
    /// Every language written.
    pub translations: ProductTranslations,
}

impl ProductCardResponse {
    /// Shapes a catalogue card.
    pub fn new(p: catalog::ProductCard, locale: Locale) -> Self {
        Self {
            id: p.id,
            slug: p.slug,
            title: p.title.get(locale).to_owned(),
            summary: p.summary.get(locale).to_owned(),
            cooperative: p.cooperative.into(),
            category_id: p.category_id,
            price: p.price,
            price_max: p.price_max,
            in_stock: p.in_stock,
            tags: p.tags,
            image: p.image.map(|img| ImageResponse::new(img, locale)),
            published_at: p.published_at,
            rating_tenths: p.rating_tenths,
            reviews: p.reviews,
            translations: ProductTranslations {
                title: p.title,
                summary: p.summary,
                description: None,
                care: None,
            },
        }
    }
}

/// Outer dimensions.
#[derive(Serialize, ToSchema)]
pub struct DimensionsResponse {
    /// Length in millimetres.
    pub length_mm: i32,
    /// Width in millimetres.
    pub width_mm: i32,
    /// Height in millimetres.
    pub height_mm: i32,
}

/// A buyable variant.
#[derive(Serialize, ToSchema)]
pub struct VariantResponse {
    /// Id.
    pub id: VariantId,
    /// Stock keeping unit.
    pub sku: String,
    /// Size, colour, material...
    pub options: BTreeMap<String, String>,
    /// Price.
    pub price: Money,
    /// Former price.
    pub compare_at: Option<Money>,
    /// Units on hand (0 for made-to-order).
    pub stock: i32,
    /// Whether it can be bought now.
    pub in_stock: bool,
    /// Made when ordered.
    pub made_to_order: bool,
    /// Days to make it.
    pub lead_time_days: Option<i32>,
    /// Fewest units an order may take.
    pub min_order_qty: i32,
    /// Shipping weight in grams.
    pub weight_grams: Option<i32>,
    /// Outer dimensions.
    pub dimensions: Option<DimensionsResponse>,
    /// Harmonized System code, for export.
    pub hs_code: Option<String>,
    /// Wholesale prices by rising quantity.
    pub price_tiers: Vec<PriceTierResponse>,
}

/// One wholesale price.
#[derive(Serialize, ToSchema)]
pub struct PriceTierResponse {
    /// From this many units on.
    pub min_qty: i32,
    /// Price of one unit.
    pub price: Money,
}

impl From<catalog::Variant> for VariantResponse {
    fn from(v: catalog::Variant) -> Self {
        Self {
            id: v.id,
            sku: v.sku,
            options: v.options,
            price: v.price,
            compare_at: v.compare_at,
            stock: v.stock,
            in_stock: v.in_stock,
            made_to_order: v.made_to_order,
            lead_time_days: v.lead_time_days,
            min_order_qty: v.min_order_qty,
            weight_grams: v.weight_grams,
            dimensions: v.dimensions.map(|d| DimensionsResponse {
                length_mm: d.length_mm,
                width_mm: d.width_mm,
                height_mm: d.height_mm,
            }),
            hs_code: v.hs_code,
            price_tiers: v
                .price_tiers
                .into_iter()
                .map(|t| PriceTierResponse {
                    min_qty: t.min_qty,
                    price: t.price,
                })
                .collect(),
        }
    }
}

/// Where a listing comes from.
#[derive(Serialize, ToSchema)]
pub struct OriginResponse {
    /// Commune.
    pub commune: Option<String>,
    /// Province.
    pub province: Option<String>,
}

/// A listing's page.
#[derive(Serialize, ToSchema)]
pub struct ProductDetailResponse {
    /// What lists show.
    #[serde(flatten)]
    pub card: ProductCardResponse,
    /// Long description (Markdown) in the request's locale.
    pub description: String,
    /// Long description as sanitised HTML.
    pub description_html: String,
    /// The category with its ancestors, from the top.
    pub category_path: Vec<CategoryRefResponse>,
    /// Where it comes from.
    pub origin: OriginResponse,
    /// The household or artisan who made it.
    pub maker: Option<String>,
    /// Care instructions in the request's locale.
    pub care: Option<String>,
    /// Variants, in order.
    pub variants: Vec<VariantResponse>,
    /// Pictures, in order.
    pub images: Vec<ImageResponse>,
    /// Verified, unexpired certifications of the listing and its cooperative.
    pub certifications: Vec<CertificationResponse>,
    /// The seller.
    pub cooperative_profile: CooperativeResponse,
}

impl ProductDetailResponse {
    /// Shapes a catalogue listing page.
    pub fn new(p: catalog::ProductDetail, locale: Locale) -> Self {
        let mut card = ProductCardResponse::new(p.card, locale);
        card.translations.description = Some(p.description.clone());
        card.translations.care = p.care.clone();
        Self {
            card,
            description: p.description.get(locale).to_owned(),
            description_html: p.description_html.get(locale).to_owned(),
            category_path: p
                .category_path
                .into_iter()
                .map(|c| CategoryRefResponse::new(c, locale))
                .collect(),
            origin: OriginResponse {
                commune: p.origin_commune,
                province: p.origin_province,
            },
            maker: p.maker,
            care: p.care.as_ref().map(|c| c.get(locale).to_owned()),
            variants: p.variants.into_iter().map(Into::into).collect(),
            images: p
                .images
                .into_iter()
                .map(|img| ImageResponse::new(img, locale))
                .collect(),
            certifications: p.certifications.into_iter().map(Into::into).collect(),
            cooperative_profile: CooperativeResponse::new(p.cooperative_summary, locale),
        }
    }
}
