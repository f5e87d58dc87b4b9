//! Listings as their cooperative and union staff see them.

use chrono::{DateTime, Utc};
use entity::json::ListingContent;
use entity::{categories, product_variants, products};
use kernel::{I18nText, Money, ProductId};
use serde::Serialize;

use super::input::{ListingInput, Texts, TierInput, VariantInput};
use crate::{CategoryRef, CooperativeRef, Image, Variant};

/// Where a listing is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    /// Being written.
    Draft,
    /// Waiting for union staff.
    PendingReview,
    /// In the shop.
    Published,
    /// Out of the shop.
    Unpublished,
    /// Sent back by staff.
    Rejected,
}

impl ListingStatus {
    /// Every status, in the order of a listing's life.
    pub const ALL: [ListingStatus; 5] = [
        Self::Draft,
        Self::PendingReview,
        Self::Published,
        Self::Unpublished,
        Self::Rejected,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::PendingReview => "pending_review",
            Self::Published => "published",
            Self::Unpublished => "unpublished",
            Self::Rejected => "rejected",
        }
    }

    /// A status from its name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

pub(crate) fn status_of(status: products::Status) -> ListingStatus {
    match status {
        products::Status::Draft => ListingStatus::Draft,
        products::Status::PendingReview => ListingStatus::PendingReview,
        products::Status::Published => ListingStatus::Published,
        products::Status::Unpublished => ListingStatus::Unpublished,
        products::Status::Rejected => ListingStatus::Rejected,
    }
}

pub(crate) fn status_model(status: ListingStatus) -> products::Status {
    match status {
        ListingStatus::Draft => products::Status::Draft,
        ListingStatus::PendingReview => products::Status::PendingReview,
        ListingStatus::Published => products::Status::Published,
        ListingStatus::Unpublished => products::Status::Unpublished,
        ListingStatus::Rejected => products::Status::Rejected,
    }
}

/// What a listing says, with its category named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContentView {
    /// Title.
    pub title: I18nText,
    /// Summary.
    pub summary: I18nText,
    /// Description (Markdown).
    pub description: I18nText,
    /// Description as sanitised HTML.
    pub description_html: I18nText,
    /// Care instructions.
    pub care: Option<I18nText>,
    /// Category.
    pub category: Option<CategoryRef>,
    /// Tags.
    pub tags: Vec<String>,
    /// Commune of origin.
    pub origin_commune: Option<String>,
    /// Province of origin.
    pub origin_province: Option<String>,
    /// Maker.
    pub maker: Option<String>,
}

pub(crate) fn content_view(c: &ListingContent, categories: &[categories::Model]) -> ContentView {
    ContentView {
        title: c.title.clone(),
        summary: c.summary.clone(),
        description: c.description.clone(),
        description_html: crate::read::render_markdown(&c.description),
        care: c.care.clone(),
        category: c
            .category_id
            .and_then(|id| categories.iter().find(|cat| cat.id == id))
            .map(crate::read::category_ref),
        tags: c.tags.clone(),
        origin_commune: c.origin_commune.clone(),
        origin_province: c.origin_province.clone(),
        maker: c.maker.clone(),
    }
}

/// A picture with its place and review state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SellerImage {
    /// The picture.
    #[serde(flatten)]
    pub image: Image,
    /// Added to an approved listing and not yet reviewed.
    pub pending: bool,
    /// Place in the gallery.
    pub position: i32,
}

/// A listing in full for its cooperative and for union staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SellerListing {
    /// Id.
    pub id: ProductId,
    /// URL name.
    pub slug: String,
    /// Where it is in its life.
    pub status: ListingStatus,
    /// Why it was rejected or taken down (or its edits refused).
    pub status_reason: Option<String>,
    /// Taken down by union staff.
    pub taken_down: bool,
    /// In the union's review queue.
    pub awaiting_review: bool,
    /// When it last entered the queue.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When it was first published.
    pub published_at: Option<DateTime<Utc>>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// The seller.
    pub cooperative: CooperativeRef,
    /// The seller's standing (`approved`, `suspended`...).
    pub cooperative_status: String,
    /// What it says now (in the shop, once published).
    pub content: ContentView,
    /// Edits waiting for review.
    pub pending: Option<ContentView>,
    /// Variants, in order.
    pub variants: Vec<Variant>,
    /// Pictures, in order, pending ones included.
    pub images: Vec<SellerImage>,
    /// What it lacks before it can be sent for review (`category`,
    /// `variants`, `images`).
    pub missing_for_review: Vec<String>,
}

impl SellerListing {
    /// The version the seller is working on: the pending edits if any.
    pub fn working(&self) -> &ContentView {
        self.pending.as_ref().unwrap_or(&self.content)
    }
}

/// A listing in a list of listings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListingRow {
    /// Id.
    pub id: ProductId,
    /// URL name.
    pub slug: String,
    /// Title (the pending one, if edits wait for review).
    pub title: I18nText,
    /// Where it is in its life.
    pub status: ListingStatus,
    /// Why it was rejected or taken down.
    pub status_reason: Option<String>,
    /// In the review queue.
    pub awaiting_review: bool,
    /// Text edits wait for review.
    pub has_pending_changes: bool,
    /// Taken down by staff.
    pub taken_down: bool,
    /// The seller.
    pub cooperative: CooperativeRef,
    /// Lowest price.
    pub price_min: Option<Money>,
    /// Highest price.
    pub price_max: Option<Money>,
    /// Units on hand over all variants.
    pub units_in_stock: i64,
    /// Variants.
    pub variant_count: u32,
    /// Some variant is made to order.
    pub made_to_order: bool,
    /// First picture.
    pub image: Option<Image>,
    /// When it last entered the queue.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Which listings to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListingFilter {
    /// Only this status (`pending_review` means "in the review queue").
    pub status: Option<ListingStatus>,
    /// Only those whose title or tags contain every word.
    pub q: Option<String>,
}

/// The edit form's values for stored content and variants.
pub(crate) fn input_of(
    content: &ListingContent,
    categories: &[categories::Model],
    variants: &[product_variants::Model],
) -> ListingInput {
    ListingInput {
        title: Texts::from_i18n(&content.title),
        summary: Texts::from_i18n(&content.summary),
        description: Texts::from_i18n(&content.description),
        care: content
            .care
            .as_ref()
            .map(Texts::from_i18n)
            .unwrap_or_default(),
        category: content
            .category_id
            .and_then(|id| categories.iter().find(|c| c.id == id))
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
        tags: content.tags.clone(),
        origin_commune: content.origin_commune.clone().unwrap_or_default(),
        origin_province: content.origin_province.clone().unwrap_or_default(),
        maker: content.maker.clone().unwrap_or_default(),
        variants: variants.iter().map(variant_input).collect(),
    }
}

/// A stored variant as typed.
pub fn variant_input(v: &product_variants::Model) -> VariantInput {
    VariantInput {
        id: Some(kernel::VariantId(v.id)),
        sku: v.sku.clone(),
        options: v.options.0.clone(),
        price_vnd: Some(v.price_vnd),
        compare_at_vnd: v.compare_at_vnd,
        stock: Some(i64::from(v.stock)),
        weight_grams: v.weight_grams.map(i64::from),
        length_mm: v.length_mm.map(i64::from),
        width_mm: v.width_mm.map(i64::from),
        height_mm: v.height_mm.map(i64::from),
        hs_code: v.hs_code.clone().unwrap_or_default(),
        made_to_order: v.made_to_order,
        lead_time_days: v.lead_time_days.map(i64::from),
        min_order_qty: Some(i64::from(v.min_order_qty)),
        price_tiers: v
            .price_tiers
            .as_ref()
            .map(|t| {
                t.0.iter()
                    .map(|t| TierInput {
                        min_qty: Some(i64::from(t.min_qty)),
                        price_vnd: Some(t.price_vnd),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}
