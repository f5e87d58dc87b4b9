//! What the catalogue hands out. Text is kept in every language written
//! ([`I18nText`]); the caller picks the reader's.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use kernel::{
    CategoryId, CertificationId, CooperativeId, I18nText, ImageId, Money, ProductId, VariantId,
};
use serde::Serialize;

/// The legal form of a seller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CooperativeKind {
    /// Hợp tác xã.
    Cooperative,
    /// Tổ hợp tác.
    CooperativeGroup,
    /// Hộ kinh doanh.
    HouseholdBusiness,
}

impl CooperativeKind {
    /// The snake_case name used in the API and in message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cooperative => "cooperative",
            Self::CooperativeGroup => "cooperative_group",
            Self::HouseholdBusiness => "household_business",
        }
    }
}

/// Enough of a cooperative to name and link it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CooperativeRef {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
}

/// A postal address inside Vietnam.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Address {
    /// Street and number.
    pub street: Option<String>,
    /// Ward or commune.
    pub ward: Option<String>,
    /// District (none since the 2025 reform in most places).
    pub district: Option<String>,
    /// Province or centrally run city.
    pub province: String,
}

/// A cooperative as the list of sellers shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CooperativeSummary {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Legal form.
    pub kind: CooperativeKind,
    /// Where it is.
    pub address: Address,
    /// One line about it.
    pub summary: I18nText,
    /// Members.
    pub members_count: Option<i32>,
    /// Jobs it gives local people.
    pub local_jobs: Option<i32>,
    /// Year founded.
    pub founded_year: Option<i32>,
    /// Published listings.
    pub product_count: u64,
    /// A picture of one of its listings.
    pub cover: Option<Image>,
}

/// A cooperative's public profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CooperativeProfile {
    /// What the list shows.
    #[serde(flatten)]
    pub summary: CooperativeSummary,
    /// Its story, Markdown.
    pub story: I18nText,
    /// Its story, sanitised HTML per locale.
    pub story_html: I18nText,
    /// Legal representative.
    pub representative: Option<String>,
    /// Verified, unexpired certifications.
    pub certifications: Vec<Certification>,
    /// Its latest figures verified by union staff.
    pub figures: Option<crate::figures::FiguresView>,
}

/// A node of the category tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryNode {
    /// Id.
    pub id: CategoryId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: I18nText,
    /// Sub-categories, in order.
    pub children: Vec<CategoryNode>,
}

/// Enough of a category to name and link it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryRef {
    /// Id.
    pub id: CategoryId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: I18nText,
}

/// One category with where it sits in the tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CategoryDetail {
    /// The category.
    pub category: CategoryRef,
    /// Its ancestors, from the top.
    pub ancestors: Vec<CategoryRef>,
    /// Its direct sub-categories.
    pub children: Vec<CategoryRef>,
}

/// A picture with the URL of each stored size.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Image {
    /// Id.
    pub id: ImageId,
    /// Width of the original.
    pub width: i32,
    /// Height of the original.
    pub height: i32,
    /// Alternative text.
    pub alt: I18nText,
    /// URL per size name (`small`, `medium`, `large`).
    pub urls: BTreeMap<&'static str, String>,
}

/// What kind of certification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CertificationKind {
    /// VietGAP.
    Vietgap,
    /// OCOP stars.
    Ocop,
    /// Organic.
    Organic,
    /// An award.
    Award,
}

impl CertificationKind {
    /// Every kind.
    pub const ALL: [CertificationKind; 4] = [Self::Vietgap, Self::Ocop, Self::Organic, Self::Award];

    /// A kind from its name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The lower-case name used in the API and in message ids.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vietgap => "vietgap",
            Self::Ocop => "ocop",
            Self::Organic => "organic",
            Self::Award => "award",
        }
    }
}

/// A certification as shoppers see it (verified and unexpired).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Certification {
    /// Id.
    pub id: CertificationId,
    /// Kind.
    pub kind: CertificationKind,
    /// The award's or standard's name.
    pub name: Option<String>,
    /// Certificate number.
    pub number: Option<String>,
    /// Certifying body.
    pub issuer: Option<String>,
    /// OCOP level.
    pub level: Option<String>,
    /// OCOP stars.
    pub stars: Option<i16>,
    /// Issued.
    pub issued_on: Option<NaiveDate>,
    /// Expires.
    pub expires_on: Option<NaiveDate>,
    /// The one listing it covers, if not the whole cooperative.
    pub product_id: Option<ProductId>,
}

/// A listing as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductCard {
    /// Id.
    pub id: ProductId,
    /// URL name.
    pub slug: String,
    /// Title.
    pub title: I18nText,
    /// One or two sentences.
    pub summary: I18nText,
    /// The seller.
    pub cooperative: CooperativeRef,
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
    pub image: Option<Image>,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
    /// Its buyers' average stars in tenths (43 is 4.3 stars); none
    /// without reviews.
    pub rating_tenths: Option<i32>,
    /// Its visible reviews.
    pub reviews: i64,
}

/// Outer dimensions in millimetres.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Dimensions {
    /// Length.
    pub length_mm: i32,
    /// Width.
    pub width_mm: i32,
    /// Height.
    pub height_mm: i32,
}

/// A buyable variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// Id.
    pub id: VariantId,
    /// Stock keeping unit.
    pub sku: String,
    /// Size, colour, material...
    pub options: BTreeMap<String, String>,
    /// Price.
    pub price: Money,
    /// Former price, shown struck through.
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
    /// Shipping weight.
    pub weight_grams: Option<i32>,
    /// Outer dimensions.
    pub dimensions: Option<Dimensions>,
    /// Harmonized System code.
    pub hs_code: Option<String>,
    /// Wholesale prices by rising quantity.
    pub price_tiers: Vec<PriceTierView>,
}

/// One wholesale price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PriceTierView {
    /// From this many units on.
    pub min_qty: i32,
    /// Price of one unit.
    pub price: Money,
}

/// A listing's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProductDetail {
    /// What lists show.
    #[serde(flatten)]
    pub card: ProductCard,
    /// Long description, Markdown.
    pub description: I18nText,
    /// Long description, sanitised HTML per locale.
    pub description_html: I18nText,
    /// The category with its ancestors, from the top.
    pub category_path: Vec<CategoryRef>,
    /// Commune of origin.
    pub origin_commune: Option<String>,
    /// Province of origin.
    pub origin_province: Option<String>,
    /// The household or artisan who made it.
    pub maker: Option<String>,
    /// Care instructions.
    pub care: Option<I18nText>,
    /// Variants, in order.
    pub variants: Vec<Variant>,
    /// Pictures, in order.
    pub images: Vec<Image>,
    /// Verified, unexpired certifications of the listing and its cooperative.
    pub certifications: Vec<Certification>,
    /// The seller.
    pub cooperative_summary: CooperativeSummary,
}

/// Which listings to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductQuery {
    /// Only this category and its descendants.
    pub category: Option<kernel::id::IdOrSlug>,
    /// Only this cooperative's.
    pub cooperative: Option<kernel::id::IdOrSlug>,
    /// Only those whose title or tags contain every word (diacritics ignored).
    pub q: Option<String>,
    /// Only featured ones.
    pub featured: bool,
    /// Only those with a verified, unexpired certification of this kind
    /// (their own or their cooperative's).
    pub certification: Option<CertificationKind>,
    /// Only those made in this province.
    pub province: Option<String>,
    /// Only those with a variant at this price or more (đồng).
    pub min_price: Option<i64>,
    /// Only those with a variant at this price or less (đồng).
    pub max_price: Option<i64>,
    /// Only those that can be bought now.
    pub in_stock: bool,
    /// In which order.
    pub sort: ProductSort,
    /// Newest first, reading on after this listing (a page's `next`).
    pub after: Option<ListCursor>,
}

impl ProductQuery {
    /// What the list's total depends on: its filters, not its order or
    /// page.
    pub(crate) fn total_key(&self) -> String {
        format!(
            "{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{}",
            self.category,
            self.cooperative,
            self.q,
            self.featured,
            self.certification,
            self.province,
            self.min_price,
            self.max_price,
            self.in_stock
        )
    }
}

/// Where a newest-first list reads on from: the last listing of the page
/// before (when it was published, and its id, for listings published at
/// the same moment). Written as `{nanoseconds}.{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListCursor {
    /// When the last listing was published.
    pub published_at: chrono::DateTime<chrono::Utc>,
    /// Its id.
    pub id: uuid::Uuid,
}

impl std::fmt::Display for ListCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}.{}",
            self.published_at.timestamp_nanos_opt().unwrap_or(i64::MAX),
            self.id.simple()
        )
    }
}

impl std::str::FromStr for ListCursor {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let (nanos, id) = s.split_once('.').ok_or(())?;
        Ok(Self {
            published_at: chrono::DateTime::from_timestamp_nanos(nanos.parse().map_err(|_| ())?),
            id: id.parse().map_err(|_| ())?,
        })
    }
}

/// The order of a product list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductSort {
    /// Best match first (newest first when there is no query to match).
    #[default]
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Dearest first.
    PriceDesc,
    /// Newest first.
    Newest,
    /// Best rated first: highest average stars, then more reviews;
    /// listings without reviews last.
    Rating,
}

impl ProductSort {
    /// Every order.
    pub const ALL: [ProductSort; 5] = [
        Self::Relevance,
        Self::PriceAsc,
        Self::PriceDesc,
        Self::Newest,
        Self::Rating,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::Newest => "newest",
            Self::Rating => "rating",
        }
    }

    /// An order from its name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}
