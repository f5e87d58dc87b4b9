//! What a search asks and what it answers, the same for every backend.

use kernel::{CategoryId, CooperativeId, Locale, ProductId};
use serde::{Deserialize, Serialize};

/// Results per page when the caller does not say.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// The most results one page may hold.
pub const MAX_PER_PAGE: u32 = 100;
/// How deep results can be paged: hits past this rank are never returned
/// (the total still counts them). Deep paging costs both backends dearly and
/// no shopper pages through ten thousand listings.
pub const MAX_RESULT_WINDOW: u32 = 10_000;
/// The most values a facet lists (largest counts first).
pub const MAX_FACET_VALUES: usize = 100;

/// A search: words, filters, order and page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// What the shopper typed, in any language, with or without diacritics.
    /// Empty lists everything that matches the filters.
    pub q: String,
    /// The reader's language: which title the hits show and highlight.
    pub locale: Locale,
    /// Restrictions every hit must meet.
    pub filters: Filters,
    /// The order of the hits.
    pub sort: Sort,
    /// The page, from 1 (0 counts as 1).
    pub page: u32,
    /// Hits per page, 1 to [`MAX_PER_PAGE`] (0 means [`DEFAULT_PER_PAGE`]).
    pub per_page: u32,
    /// Whether to count the facet values of the results.
    pub facets: bool,
}

impl SearchQuery {
    /// A search for these words, first page, by relevance, no facets.
    pub fn text(q: impl Into<String>) -> Self {
        Self {
            q: q.into(),
            ..Self::default()
        }
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> u32 {
        self.page.max(1)
    }

    /// The page size in force, within 1..=[`MAX_PER_PAGE`].
    pub fn per_page(&self) -> u32 {
        match self.per_page {
            0 => DEFAULT_PER_PAGE,
            n => n.min(MAX_PER_PAGE),
        }
    }

    /// The rank of the first hit of the page and how many hits to return,
    /// kept within [`MAX_RESULT_WINDOW`].
    pub fn window(&self) -> (usize, usize) {
        let per_page = self.per_page();
        let offset = (self.page() - 1).saturating_mul(per_page);
        if offset >= MAX_RESULT_WINDOW {
            return (offset as usize, 0);
        }
        let limit = per_page.min(MAX_RESULT_WINDOW - offset);
        (offset as usize, limit as usize)
    }
}

/// Restrictions on the results. Every filter set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// Listings in **any** of these categories (or their sub-categories,
    /// since a document lists its category's ancestors).
    pub category_ids: Vec<CategoryId>,
    /// Listings of this cooperative.
    pub cooperative_id: Option<CooperativeId>,
    /// Listings holding **all** of these certifications (`vietgap`,
    /// `ocop`...): ticking a second box narrows the results, which is what a
    /// buyer looking for "VietGAP and organic" means.
    pub certifications: Vec<String>,
    /// Listings from this province. Compared without regard to case or
    /// diacritics on Tantivy; Meilisearch compares case-insensitively.
    pub province: Option<String>,
    /// Listings with some variant at this price or more (đồng): a listing
    /// matches the price bounds when its `[price_min, price_max]` overlaps
    /// `[min_price, max_price]`.
    pub min_price: Option<i64>,
    /// Listings with some variant at this price or less (đồng).
    pub max_price: Option<i64>,
    /// Only listings that can (`true`) or cannot (`false`) be bought now.
    pub in_stock: Option<bool>,
    /// Only listings rated this many whole stars (1 to 5) or more on
    /// average: `rating >= min_rating * 10` (see
    /// [`crate::SearchDocument::rating`]). Listings without reviews never
    /// match.
    pub min_rating: Option<i64>,
}

impl Filters {
    /// Whether no filter is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// The lowest [`crate::SearchDocument::rating`] that meets
    /// [`Filters::min_rating`]: never below 1, so that listings without
    /// reviews (rated 0) never match.
    pub(crate) fn rating_floor(&self) -> Option<i64> {
        self.min_rating.map(|stars| stars.saturating_mul(10).max(1))
    }
}

/// The order of the hits. Ties are broken by relevance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; with no words, newest first.
    #[default]
    Relevance,
    /// Cheapest first, by the listing's lowest price.
    PriceAsc,
    /// Dearest first, by the listing's lowest price.
    PriceDesc,
    /// Most recently published first.
    Newest,
    /// Best rated first: highest average stars, then more reviews; listings
    /// without reviews last.
    Rating,
}

/// One page of results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The hits of the page asked for.
    pub hits: Vec<Hit>,
    /// How many listings match in all.
    pub total: u64,
    /// The page returned, from 1.
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
    /// Facet counts over all the matching listings, when asked for.
    pub facets: Option<Facets>,
    /// Time the backend spent, in milliseconds.
    pub took_ms: u64,
    /// A corrected query when this one found few or no listings and some of
    /// its words look like typos of indexed words (folded, e.g. `gio may`).
    pub did_you_mean: Option<String>,
}

/// A matching listing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The listing.
    pub id: ProductId,
    /// Its URL name.
    pub slug: String,
    /// How well it matches; comparable only within one result set.
    pub score: f32,
    /// Its title in the reader's locale (falling back as `I18nText::get`).
    pub title: String,
    /// The same title as HTML: matched words in `<mark>…</mark>`, the rest
    /// escaped.
    pub highlighted_title: String,
}

/// Counts of the values of the matching listings.
///
/// Every facet counts the **current result set**: the listings matching the
/// words and all the filters (Meilisearch's `facetDistribution` semantics,
/// so both backends agree). A single-valued facet (`cooperative`,
/// `province`, `in_stock`) therefore sums to [`SearchResults::total`]; a
/// multi-valued one (`category`, `certification`, `price_range`) counts a
/// listing once under each of its values. At most [`MAX_FACET_VALUES`]
/// values are listed per facet, largest counts first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Per category, ancestors included.
    pub category: Vec<FacetCount<CategoryId>>,
    /// Per cooperative.
    pub cooperative: Vec<FacetCount<CooperativeId>>,
    /// Per certification kind.
    pub certification: Vec<FacetCount<String>>,
    /// Per province.
    pub province: Vec<FacetCount<String>>,
    /// Per price bucket, in bucket order. A listing counts in every bucket
    /// its `[price_min, price_max]` overlaps, so filtering on a bucket's
    /// bounds returns exactly its count.
    pub price_range: Vec<FacetCount<PriceBucket>>,
    /// In stock (`true`) or not.
    pub in_stock: Vec<FacetCount<bool>>,
}

/// A facet value and how many listings have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount<T> {
    /// The value.
    pub value: T,
    /// How many matching listings have it.
    pub count: u64,
}

/// Price ranges shoppers pick from, in đồng.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceBucket {
    /// Under 100.000 đ.
    Under100k,
    /// 100.000 đ to 299.999 đ.
    From100kTo300k,
    /// 300.000 đ to 999.999 đ.
    From300kTo1m,
    /// 1.000.000 đ and more.
    From1m,
}

impl PriceBucket {
    /// Every bucket, cheapest first.
    pub const ALL: [PriceBucket; 4] = [
        Self::Under100k,
        Self::From100kTo300k,
        Self::From300kTo1m,
        Self::From1m,
    ];

    /// The bucket's stable name (`under_100k`...), as filters and JSON use.
    pub fn key(self) -> &'static str {
        match self {
            Self::Under100k => "under_100k",
            Self::From100kTo300k => "from_100k_to_300k",
            Self::From300kTo1m => "from_300k_to_1m",
            Self::From1m => "from_1m",
        }
    }

    /// The bucket named `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.key() == key)
    }

    /// The bounds to put in [`Filters::min_price`] and [`Filters::max_price`]
    /// to select this bucket (both inclusive).
    pub fn bounds(self) -> (Option<i64>, Option<i64>) {
        match self {
            Self::Under100k => (None, Some(99_999)),
            Self::From100kTo300k => (Some(100_000), Some(299_999)),
            Self::From300kTo1m => (Some(300_000), Some(999_999)),
            Self::From1m => (Some(1_000_000), None),
        }
    }

    /// Every bucket that `[price_min, price_max]` overlaps.
    pub fn overlapping(price_min: i64, price_max: i64) -> impl Iterator<Item = PriceBucket> {
        let (low, high) = (price_min.min(price_max), price_min.max(price_max));
        Self::ALL.into_iter().filter(move |b| {
            let (min, max) = b.bounds();
            min.is_none_or(|min| high >= min) && max.is_none_or(|max| low <= max)
        })
    }
}

/// Largest counts first, then by value; at most [`MAX_FACET_VALUES`].
pub(crate) fn ranked<T: Ord>(mut values: Vec<FacetCount<T>>) -> Vec<FacetCount<T>> {
    values.retain(|v| v.count > 0);
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(MAX_FACET_VALUES);
    values
}

/// A title for search-as-you-type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The listing.
    pub id: ProductId,
    /// Its URL name.
    pub slug: String,
    /// The title that matched (Vietnamese first, then English, Japanese,
    /// Chinese).
    pub title: String,
    /// The same title with the matched words in `<mark>…</mark>`, the rest
    /// escaped.
    pub highlighted: String,
}

/// The suggestions among the best hits of a search for what has been
/// typed (`(id, slug, titles)`, best first), as both backends make them:
/// each hit shows its title with the most matched words (Vietnamese first
/// on a tie), titles matching more of the words come first (a title that
/// starts as typed before one that matched a word elsewhere), ties keep
/// the search's order, and a title is listed once.
pub(crate) fn suggestions(
    hits: impl IntoIterator<Item = (ProductId, String, kernel::I18nText)>,
    matcher: &crate::analysis::Matcher,
    limit: usize,
) -> Vec<Suggestion> {
    let mut found: Vec<(usize, Suggestion)> = Vec::new();
    for (id, slug, titles) in hits {
        let mut best: Option<(String, String, usize)> = None;
        for (_, title) in titles.iter() {
            let (html, count) = matcher.highlight(title);
            if count > best.as_ref().map_or(0, |b| b.2) {
                best = Some((title.to_owned(), html, count));
            }
        }
        if let Some((title, highlighted, count)) = best {
            found.push((
                count,
                Suggestion {
                    id,
                    slug,
                    title,
                    highlighted,
                },
            ));
        }
    }
    // stable: ties keep the search's order
    found.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| seen.insert(s.title.clone()))
        .take(limit)
        .collect()
}

/// What an index holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStats {
    /// Listings indexed.
    pub documents: u64,
    /// `tantivy` or `meilisearch`.
    pub backend: String,
    /// The live index: a generation directory for Tantivy, an index uid for
    /// Meilisearch.
    pub generation: String,
    /// Whether a rebuild has begun and not yet been swapped in or dropped.
    pub rebuilding: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped_to_the_result_window() {
        let mut q = SearchQuery::text("gio");
        assert_eq!(q.window(), (0, 20));
        q.page = 3;
        q.per_page = 500;
        assert_eq!(q.window(), (200, 100));
        q.page = 1_000;
        assert_eq!(q.window().1, 0);
        q.page = u32::MAX;
        assert_eq!(q.window().1, 0);
    }

    #[test]
    fn a_price_range_falls_in_every_bucket_it_overlaps() {
        let buckets: Vec<_> = PriceBucket::overlapping(80_000, 150_000).collect();
        assert_eq!(
            buckets,
            [PriceBucket::Under100k, PriceBucket::From100kTo300k]
        );
        let one: Vec<_> = PriceBucket::overlapping(2_000_000, 2_000_000).collect();
        assert_eq!(one, [PriceBucket::From1m]);
        for b in PriceBucket::ALL {
            assert_eq!(PriceBucket::from_key(b.key()), Some(b));
        }
    }
}
