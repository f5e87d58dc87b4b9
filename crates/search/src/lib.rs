//! Product search: what is indexed for each listing ([`SearchDocument`]) and
//! the seam every backend fills ([`SearchIndex`]): an embedded Tantivy index
//! by default, Meilisearch in production.

use chrono::{DateTime, Utc};
use kernel::{CategoryId, CooperativeId, I18nText, ProductId};
use serde::{Deserialize, Serialize};

/// What the index knows of one published listing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDocument {
    /// The listing.
    pub id: ProductId,
    /// Its URL name.
    pub slug: String,
    /// Title in every language written.
    pub title: I18nText,
    /// Short description in every language written.
    pub summary: I18nText,
    /// Material and use tags.
    pub tags: Vec<String>,
    /// The seller.
    pub cooperative_id: CooperativeId,
    /// The seller's name.
    pub cooperative_name: String,
    /// The listing's category and its ancestors, so a facet on a parent
    /// category counts its children's listings.
    pub category_ids: Vec<CategoryId>,
    /// Province of origin, else the cooperative's.
    pub province: String,
    /// Kinds of verified, unexpired certifications (`vietgap`, `ocop`...).
    pub certifications: Vec<String>,
    /// Lowest variant price in đồng.
    pub price_min: i64,
    /// Highest variant price in đồng.
    pub price_max: i64,
    /// Whether some variant can be bought now.
    pub in_stock: bool,
    /// When it was published.
    pub published_at: Option<DateTime<Utc>>,
}

impl SearchDocument {
    /// The document for a listing as the catalogue shows it.
    pub fn from_product(p: &catalog::ProductDetail) -> Self {
        Self {
            id: p.card.id,
            slug: p.card.slug.clone(),
            title: p.card.title.clone(),
            summary: p.card.summary.clone(),
            tags: p.card.tags.clone(),
            cooperative_id: p.card.cooperative.id,
            cooperative_name: p.card.cooperative.name.clone(),
            category_ids: p.category_path.iter().map(|c| c.id).collect(),
            province: p
                .origin_province
                .clone()
                .unwrap_or_else(|| p.cooperative_summary.address.province.clone()),
            certifications: p
                .certifications
                .iter()
                .map(|c| c.kind.as_str().to_owned())
                .collect(),
            price_min: p.card.price.amount,
            price_max: p.card.price_max.amount,
            in_stock: p.card.in_stock,
            published_at: p.card.published_at,
        }
    }
}

/// A search backend.
#[async_trait::async_trait]
pub trait SearchIndex: Send + Sync {
    /// Adds or replaces documents.
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<(), Error>;
    /// Removes documents.
    async fn delete(&self, ids: Vec<ProductId>) -> Result<(), Error>;
    /// Removes every document.
    async fn clear(&self) -> Result<(), Error>;
    /// How many documents the index holds.
    async fn count(&self) -> Result<u64, Error>;
}

/// A search error.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The backend cannot be reached or refused the work.
    #[error("search backend: {0}")]
    Backend(String),
}

impl kernel::ErrorCode for Error {
    fn code(&self) -> kernel::Code {
        match self {
            Self::Backend(_) => kernel::Code::UNAVAILABLE,
        }
    }
}
