//! Product search: what is indexed for each listing ([`SearchDocument`]),
//! what a search asks and answers ([`SearchQuery`], [`SearchResults`]), and
//! the seam every backend fills ([`SearchIndex`]): an embedded Tantivy index
//! by default ([`TantivyIndex`]), Meilisearch in production
//! ([`MeilisearchIndex`]).
//!
//! Both backends behave alike: words are matched without regard to case or
//! diacritics (`gio may` finds `Giỏ mây`, `đ` folds to `d`), with typos (one
//! from 5 letters, two from 9), with the last word as a prefix while the
//! shopper types, and through the Vietnamese–English [`SYNONYMS`]
//! (`bamboo` finds `tre`). Japanese and Chinese titles are searched by
//! character n-grams. Facets count the current result set.
//!
//! A rebuild fills a fresh index beside the live one and swaps it in without
//! downtime ([`SearchIndex::begin_rebuild`]); changes that arrive meanwhile go
//! to the live index and are replayed into the new one before the swap.

use chrono::{DateTime, Utc};
use kernel::{CategoryId, CooperativeId, I18nText, ProductId};
use serde::{Deserialize, Serialize};

mod analysis;
pub mod indexer;
mod meili_index;
mod model;
pub mod service;
mod tantivy_facets;
mod tantivy_index;

pub use analysis::SYNONYMS;
pub use indexer::Indexer;
pub use meili_index::{MeilisearchConfig, MeilisearchIndex};
pub use model::{
    DEFAULT_PER_PAGE, FacetCount, Facets, Filters, Hit, IndexStats, MAX_FACET_VALUES, MAX_PER_PAGE,
    MAX_RESULT_WINDOW, PriceBucket, SearchQuery, SearchResults, Sort, Suggestion,
};
pub use service::{FacetGroups, FacetValue, FoundProduct, Search, SearchPage, SearchRequest};
pub use tantivy_index::{TantivyConfig, TantivyIndex};

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
    /// Its average stars times ten, rounded (4.25 → 43); 0 without reviews.
    /// See [`SearchDocument::rating_of`].
    #[serde(default)]
    pub rating: i64,
    /// How many visible reviews it has.
    #[serde(default)]
    pub rating_count: i64,
}

impl SearchDocument {
    /// The [`SearchDocument::rating`] of a listing whose `count` visible
    /// reviews gave `sum` stars in all: the average times ten, rounded half
    /// up (17 stars from 4 reviews, 4.25, give 43); 0 without reviews.
    pub fn rating_of(sum: i64, count: i64) -> i64 {
        catalog::ratings::tenths_of_stars(count, sum).unwrap_or(0)
    }

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
            // the listing's page does not carry its rating; the index is
            // fed with it through `IndexEntry`
            rating: 0,
            rating_count: 0,
        }
    }
}

/// A search backend. Only published listings of active cooperatives are
/// ever upserted (the caller sees to it), so the index filters on nothing
/// else.
#[async_trait::async_trait]
pub trait SearchIndex: Send + Sync {
    /// Adds documents, replacing any with the same id.
    async fn upsert(&self, documents: Vec<SearchDocument>) -> Result<()>;
    /// Removes documents; unknown ids are ignored.
    async fn delete(&self, ids: Vec<ProductId>) -> Result<()>;
    /// One page of the listings matching a query. Whatever the shopper typed
    /// gives a result, never an error: only a failing backend does.
    async fn search(&self, query: &SearchQuery) -> Result<SearchResults>;
    /// Up to `limit` titles starting with what has been typed so far, for
    /// search-as-you-type.
    async fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>>;
    /// Removes every document.
    async fn clear(&self) -> Result<()>;
    /// What the index holds.
    async fn stats(&self) -> Result<IndexStats>;
    /// Starts building a fresh index beside the live one. Searches keep
    /// using the live index until [`Rebuild::commit_and_swap`]; upserts and
    /// deletes meanwhile apply to the live index and are replayed into the
    /// new one before the swap. One rebuild at a time.
    async fn begin_rebuild(&self) -> Result<Box<dyn Rebuild>>;
}

/// A fresh index being filled. Dropping it without committing abandons it.
#[async_trait::async_trait]
pub trait Rebuild: Send {
    /// Adds a batch of documents to the new index.
    async fn add(&mut self, documents: Vec<SearchDocument>) -> Result<()>;
    /// Makes the new index live in one step, after replaying the changes
    /// made to the live index since the rebuild began, and removes the old.
    async fn commit_and_swap(self: Box<Self>) -> Result<IndexStats>;
    /// Abandons the new index and removes it.
    async fn abort(self: Box<Self>) -> Result<()>;
}

/// A change made to the live index while a rebuild runs, to replay.
#[derive(Clone, Debug)]
enum Change {
    Upsert(Vec<SearchDocument>),
    Delete(Vec<ProductId>),
    Clear,
}

/// The changes made while a rebuild runs; `None` when none runs.
type Journal = std::sync::Mutex<Option<Vec<Change>>>;

/// Records a change when a rebuild is running.
fn journal(journal: &Journal, change: impl FnOnce() -> Change) {
    let mut guard = journal
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(changes) = guard.as_mut() {
        changes.push(change());
    }
}

/// A search failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The index directory could not be read or written.
    #[error("search index files: {0}")]
    Io(#[from] std::io::Error),
    /// The embedded index failed.
    #[error("tantivy: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// Meilisearch could not be reached or refused the request.
    #[error("meilisearch: {0}")]
    Meilisearch(#[from] meilisearch_sdk::errors::Error),
    /// Meilisearch took the task but failed it.
    #[error("meilisearch task {task} failed: {message}")]
    TaskFailed {
        /// The task uid.
        task: u32,
        /// Meilisearch's explanation.
        message: String,
    },
    /// Meilisearch did not finish a task in time.
    #[error("meilisearch task {task} did not finish within {seconds} s")]
    TaskTimedOut {
        /// The task uid.
        task: u32,
        /// The time waited.
        seconds: u64,
    },
    /// A stored document could not be read back.
    #[error("search index holds an unreadable document: {0}")]
    CorruptDocument(String),
    /// The thread running the search stopped before answering.
    #[error("search worker stopped: {0}")]
    Worker(String),
    /// A rebuild is already running.
    #[error("a search index rebuild is already running")]
    RebuildInProgress,
    /// The catalogue could not be read, or a filter names nothing.
    #[error(transparent)]
    Catalog(#[from] catalog::Error),
}

/// The result of a search operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Self {
        Self::Worker(e.to_string())
    }
}

impl kernel::ErrorCode for Error {
    fn code(&self) -> kernel::Code {
        match self {
            Self::Io(_) | Self::Meilisearch(_) | Self::TaskFailed { .. } => {
                kernel::Code::UNAVAILABLE
            }
            Self::TaskTimedOut { .. } => kernel::Code::UNAVAILABLE,
            Self::Tantivy(_) | Self::CorruptDocument(_) | Self::Worker(_) => kernel::Code::INTERNAL,
            Self::RebuildInProgress => REBUILD_IN_PROGRESS,
            Self::Catalog(e) => e.code(),
        }
    }
}

/// Another rebuild of the search index is running.
pub const REBUILD_IN_PROGRESS: kernel::Code =
    kernel::Code::new("search_rebuild_in_progress", kernel::ErrorKind::Conflict);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_is_the_average_stars_times_ten_rounded() {
        assert_eq!(SearchDocument::rating_of(17, 4), 43);
        assert_eq!(SearchDocument::rating_of(24, 5), 48);
        assert_eq!(SearchDocument::rating_of(4, 1), 40);
        assert_eq!(SearchDocument::rating_of(14, 3), 47);
        assert_eq!(SearchDocument::rating_of(6, 2), 30);
        assert_eq!(SearchDocument::rating_of(0, 0), 0);
    }
}
