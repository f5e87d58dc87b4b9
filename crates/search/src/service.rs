//! Search as the shop and the API use it: a shopper's request with slugs
//! and names, answered with the catalogue's product cards (fresh prices and
//! pictures from the database) and labelled facet counts.

use std::collections::HashMap;
use std::sync::Arc;

use catalog::{Catalog, CertificationKind, ProductCard, ProductQuery, ProductSort};
use kernel::id::IdOrSlug;
use kernel::{
    CategoryId, CooperativeId, FieldErrors, I18nText, Locale, Page, PageRequest, problem,
};
use serde::Serialize;

use crate::{
    Filters, PriceBucket, Result, SearchIndex, SearchQuery, Sort, Suggestion,
    model::{FacetCount, Facets},
};

/// Longest query kept: the analysers read only the first words anyway.
pub const MAX_QUERY_CHARS: usize = 500;

/// The fewest stars `rating_min` may ask for.
const MIN_STARS: i64 = 1;
/// The most stars `rating_min` may ask for.
const MAX_STARS: i64 = 5;

/// A shopper's search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchRequest {
    /// What was typed.
    pub q: String,
    /// Listings in any of these categories (or below them).
    pub categories: Vec<IdOrSlug>,
    /// Listings of this cooperative.
    pub cooperative: Option<IdOrSlug>,
    /// Listings holding all of these certifications.
    pub certifications: Vec<CertificationKind>,
    /// Listings from this province.
    pub province: Option<String>,
    /// Listings with a variant at this price or more.
    pub min_price: Option<i64>,
    /// Listings with a variant at this price or less.
    pub max_price: Option<i64>,
    /// A price range by its key; its bounds narrow `min_price`/`max_price`.
    pub price_range: Option<PriceBucket>,
    /// Only those that can be bought now.
    pub in_stock: bool,
    /// Only those rated this many whole stars (1 to 5) or more on average.
    pub min_rating: Option<i64>,
    /// The order.
    pub sort: ProductSort,
    /// The page.
    pub page: PageRequest,
    /// The reader's language, for titles and highlights.
    pub locale: Locale,
    /// Whether to count facets.
    pub facets: bool,
}

impl SearchRequest {
    /// The search a product list with these filters stands for.
    pub fn from_product_query(query: &ProductQuery, page: PageRequest) -> Self {
        Self {
            q: query.q.clone().unwrap_or_default(),
            categories: query.category.iter().cloned().collect(),
            cooperative: query.cooperative.clone(),
            certifications: query.certification.into_iter().collect(),
            province: query.province.clone(),
            min_price: query.min_price,
            max_price: query.max_price,
            price_range: None,
            in_stock: query.in_stock,
            min_rating: None,
            sort: query.sort,
            page,
            locale: Locale::Vi,
            facets: false,
        }
    }
}

impl SearchRequest {
    /// Reads a search from the query string's key–value pairs (as decoded:
    /// invalid percent-encoding arrives as U+FFFD). `category` and
    /// `certification` may repeat; unknown keys are ignored so that links
    /// can carry more. Every bad value is reported by its key.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut request = Self {
            facets: true,
            ..Self::default()
        };
        let (mut page, mut per_page) = (None, None);
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "q" => request.q = value.chars().take(MAX_QUERY_CHARS).collect(),
                "category" => request.categories.push(IdOrSlug::parse(value)),
                "cooperative" => request.cooperative = Some(IdOrSlug::parse(value)),
                "certification" => match CertificationKind::parse(value) {
                    Some(kind) if !request.certifications.contains(&kind) => {
                        request.certifications.push(kind);
                    }
                    Some(_) => {}
                    None => errors.add("certification", problem::certification_kind_unknown()),
                },
                "province" => request.province = Some(value.to_owned()),
                "min_price" => request.min_price = number(&mut errors, key, value),
                "max_price" => request.max_price = number(&mut errors, key, value),
                "price" => match PriceBucket::from_key(value) {
                    Some(bucket) => request.price_range = Some(bucket),
                    None => errors.add("price", problem::price_range_unknown()),
                },
                "in_stock" => match value {
                    "true" | "1" | "on" => request.in_stock = true,
                    "false" | "0" => request.in_stock = false,
                    _ => errors.add("in_stock", problem::not_one_of(&["true", "false"])),
                },
                "rating_min" => match value.parse::<i64>() {
                    Ok(stars) if (MIN_STARS..=MAX_STARS).contains(&stars) => {
                        request.min_rating = Some(stars);
                    }
                    _ => errors.add(
                        "rating_min",
                        problem::whole_number_between(MIN_STARS, MAX_STARS),
                    ),
                },
                "sort" => match ProductSort::parse(value) {
                    Some(sort) => request.sort = sort,
                    None => errors.add("sort", problem::sort_unknown()),
                },
                "facets" => match value {
                    "true" | "1" => request.facets = true,
                    "false" | "0" => request.facets = false,
                    _ => errors.add("facets", problem::not_one_of(&["true", "false"])),
                },
                "page" => page = number(&mut errors, key, value),
                "per_page" => per_page = number(&mut errors, key, value),
                "locale" => match value.parse::<Locale>().ok() {
                    Some(locale) => request.locale = locale,
                    None => errors.add("locale", problem::not_one_of(&Locale::CODES)),
                },
                _ => {}
            }
        }
        if let (Some(min), Some(max)) = (request.min_price, request.max_price)
            && min > max
        {
            errors.add("max_price", problem::below_field("min_price"));
        }
        let to_u64 = |n: Option<i64>| n.map(|n| u64::try_from(n).unwrap_or(0));
        match PageRequest::new(to_u64(page), to_u64(per_page)) {
            Ok(p) => request.page = p,
            Err(e) => errors.merge(e),
        }
        errors.into_result(request)
    }
}

fn number(errors: &mut FieldErrors, field: &str, value: &str) -> Option<i64> {
    match value.parse::<u64>().map(i64::try_from) {
        Ok(Ok(n)) => Some(n),
        Ok(Err(_)) => {
            errors.add(field, problem::at_most(i64::MAX));
            None
        }
        Err(_) => {
            errors.add(field, problem::not_a_whole_number());
            None
        }
    }
}

/// A listing found, as a card with its highlighted title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FoundProduct {
    /// The card, as product lists show it.
    #[serde(flatten)]
    pub card: ProductCard,
    /// The title in the reader's language with the matched words in
    /// `<mark>…</mark>`, the rest escaped: safe to put in HTML as is.
    pub highlighted_title: String,
}

/// A facet value with its label and count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FacetValue {
    /// What to filter on: a category or cooperative slug, a certification
    /// kind, a province, a price range key, `true`/`false` for stock.
    pub value: String,
    /// What to show.
    pub label: I18nText,
    /// Matching listings with this value.
    pub count: u64,
}

/// Facet counts of the whole result set, labelled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FacetGroups {
    /// By category (a listing counts under its category and each ancestor).
    pub category: Vec<FacetValue>,
    /// By cooperative.
    pub cooperative: Vec<FacetValue>,
    /// By verified certification.
    pub certification: Vec<FacetValue>,
    /// By province.
    pub province: Vec<FacetValue>,
    /// By price range (a listing counts in each range its prices touch).
    pub price_range: Vec<FacetValue>,
    /// In stock or not.
    pub in_stock: Vec<FacetValue>,
}

/// One page of search results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchPage {
    /// The listings found, best first (or in the order asked).
    pub items: Vec<FoundProduct>,
    /// The 1-based page.
    pub page: u64,
    /// Listings a page.
    pub per_page: u64,
    /// Listings found in all.
    pub total: u64,
    /// Time the index spent, in milliseconds.
    pub took_ms: u64,
    /// A corrected query, when this one found little and looks misspelt.
    pub did_you_mean: Option<String>,
    /// Facet counts, when asked for.
    pub facets: Option<FacetGroups>,
}

/// Search over the catalogue through an index.
#[derive(Clone)]
pub struct Search {
    catalog: Catalog,
    index: Arc<dyn SearchIndex>,
}

impl Search {
    /// Search over `index`, reading cards from `catalog`.
    pub fn new(catalog: Catalog, index: Arc<dyn SearchIndex>) -> Self {
        Self { catalog, index }
    }

    /// The index.
    pub fn index(&self) -> &Arc<dyn SearchIndex> {
        &self.index
    }

    /// Answers a search. An unknown category or cooperative is a
    /// not-found error; whatever was typed in `q` gives a result.
    #[tracing::instrument(skip_all, fields(q = %request.q.chars().take(64).collect::<String>()))]
    pub async fn search(&self, request: &SearchRequest) -> Result<SearchPage> {
        let categories = self.catalog.category_refs().await?;
        let mut category_ids = Vec::new();
        for key in &request.categories {
            let found = categories.values().find(|c| match key {
                IdOrSlug::Id(id) => c.id.0 == *id,
                IdOrSlug::Slug(slug) => c.slug == *slug,
            });
            match found {
                Some(c) => category_ids.push(c.id),
                None => return Err(catalog::Error::CategoryNotFound(key.to_string()).into()),
            }
        }
        let cooperative_id = match &request.cooperative {
            Some(key) => Some(self.catalog.approved_cooperative_id(key).await?),
            None => None,
        };
        let (mut min_price, mut max_price) = (request.min_price, request.max_price);
        if let Some(bucket) = request.price_range {
            let (low, high) = bucket.bounds();
            min_price = max_opt(min_price, low);
            max_price = min_opt(max_price, high);
        }
        let query = SearchQuery {
            q: request.q.chars().take(MAX_QUERY_CHARS).collect(),
            locale: request.locale,
            filters: Filters {
                category_ids,
                cooperative_id,
                certifications: request
                    .certifications
                    .iter()
                    .map(|k| k.as_str().to_owned())
                    .collect(),
                province: request.province.clone().filter(|p| !p.trim().is_empty()),
                min_price,
                max_price,
                in_stock: request.in_stock.then_some(true),
                min_rating: request.min_rating,
            },
            sort: match request.sort {
                ProductSort::Relevance => Sort::Relevance,
                ProductSort::PriceAsc => Sort::PriceAsc,
                ProductSort::PriceDesc => Sort::PriceDesc,
                ProductSort::Newest => Sort::Newest,
                ProductSort::Rating => Sort::Rating,
            },
            page: u32::try_from(request.page.page()).unwrap_or(u32::MAX),
            per_page: u32::try_from(request.page.per_page()).unwrap_or(u32::MAX),
            facets: request.facets,
        };
        let results = self.index.search(&query).await?;
        let ids: Vec<_> = results.hits.iter().map(|h| h.id).collect();
        let mut highlights: HashMap<_, _> = results
            .hits
            .into_iter()
            .map(|h| (h.id, h.highlighted_title))
            .collect();
        let items = self
            .catalog
            .cards_by_ids(&ids)
            .await?
            .into_iter()
            .map(|card| FoundProduct {
                highlighted_title: highlights.remove(&card.id).unwrap_or_default(),
                card,
            })
            .collect();
        let facets = match results.facets {
            Some(f) => Some(self.label(f, &categories).await?),
            None => None,
        };
        Ok(SearchPage {
            items,
            page: request.page.page(),
            per_page: request.page.per_page(),
            total: results.total,
            took_ms: results.took_ms,
            did_you_mean: results.did_you_mean,
            facets,
        })
    }

    /// The search as a plain product list, for `/products?q=`.
    pub async fn product_page(&self, request: &SearchRequest) -> Result<Page<ProductCard>> {
        let found = self.search(request).await?;
        Ok(Page {
            items: found.items.into_iter().map(|f| f.card).collect(),
            page: found.page,
            per_page: found.per_page,
            total: found.total,
            next: None,
        })
    }

    /// Titles completing what has been typed, for search-as-you-type.
    pub async fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
        let prefix: String = prefix.chars().take(MAX_QUERY_CHARS).collect();
        if prefix.trim().is_empty() {
            return Ok(Vec::new());
        }
        self.index.suggest(&prefix, limit.clamp(1, 20)).await
    }

    async fn label(
        &self,
        f: Facets,
        categories: &HashMap<CategoryId, catalog::CategoryRef>,
    ) -> Result<FacetGroups> {
        let coop_ids: Vec<CooperativeId> = f.cooperative.iter().map(|c| c.value).collect();
        let coops = self.catalog.cooperative_names(&coop_ids).await?;
        let plain = |s: &str| I18nText::vi(s);
        Ok(FacetGroups {
            category: f
                .category
                .iter()
                .filter_map(|c| {
                    let cat = categories.get(&c.value)?;
                    Some(FacetValue {
                        value: cat.slug.clone(),
                        label: cat.name.clone(),
                        count: c.count,
                    })
                })
                .collect(),
            cooperative: f
                .cooperative
                .iter()
                .filter_map(|c| {
                    let (slug, name) = coops.get(&c.value)?;
                    Some(FacetValue {
                        value: slug.clone(),
                        label: plain(name),
                        count: c.count,
                    })
                })
                .collect(),
            certification: f
                .certification
                .iter()
                .filter_map(|c| {
                    let kind = CertificationKind::parse(&c.value)?;
                    Some(FacetValue {
                        value: kind.as_str().to_owned(),
                        label: certification_label(kind),
                        count: c.count,
                    })
                })
                .collect(),
            province: f
                .province
                .iter()
                .map(|c| FacetValue {
                    value: c.value.clone(),
                    label: plain(&c.value),
                    count: c.count,
                })
                .collect(),
            price_range: f
                .price_range
                .iter()
                .map(|c: &FacetCount<PriceBucket>| FacetValue {
                    value: c.value.key().to_owned(),
                    label: price_label(c.value),
                    count: c.count,
                })
                .collect(),
            in_stock: f
                .in_stock
                .iter()
                .map(|c| FacetValue {
                    value: c.value.to_string(),
                    label: if c.value {
                        I18nText::vi_en("Còn hàng", "In stock")
                    } else {
                        I18nText::vi_en("Hết hàng", "Out of stock")
                    },
                    count: c.count,
                })
                .collect(),
        })
    }
}

fn max_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_opt(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn certification_label(kind: CertificationKind) -> I18nText {
    match kind {
        CertificationKind::Vietgap => I18nText::vi_en("VietGAP", "VietGAP"),
        CertificationKind::Ocop => I18nText::vi_en("OCOP", "OCOP"),
        CertificationKind::Organic => I18nText::vi_en("Hữu cơ", "Organic"),
        CertificationKind::Award => I18nText::vi_en("Giải thưởng", "Award"),
    }
}

fn price_label(bucket: PriceBucket) -> I18nText {
    match bucket {
        PriceBucket::Under100k => I18nText::vi_en("Dưới 100.000 ₫", "Under 100,000 ₫"),
        PriceBucket::From100kTo300k => {
            I18nText::vi_en("100.000 – 300.000 ₫", "100,000 – 300,000 ₫")
        }
        PriceBucket::From300kTo1m => {
            I18nText::vi_en("300.000 – 1.000.000 ₫", "300,000 – 1,000,000 ₫")
        }
        PriceBucket::From1m => I18nText::vi_en("Từ 1.000.000 ₫", "1,000,000 ₫ and up"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(list: &[(&str, &str)]) -> Result<SearchRequest, FieldErrors> {
        let pairs: Vec<(String, String)> = list
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        SearchRequest::from_pairs(&pairs)
    }

    #[test]
    fn rating_min_takes_whole_stars_from_1_to_5() {
        assert_eq!(read(&[("rating_min", "4")]).unwrap().min_rating, Some(4));
        assert_eq!(read(&[("rating_min", " ")]).unwrap().min_rating, None);
        for bad in ["0", "6", "4.5", "-1", "many"] {
            let errors = read(&[("rating_min", bad)]).unwrap_err();
            assert!(errors.get("rating_min").is_some(), "{bad:?}");
        }
        assert_eq!(
            read(&[("sort", "rating")]).unwrap().sort,
            ProductSort::Rating
        );
    }

    #[test]
    fn a_price_range_narrows_the_bounds_given() {
        assert_eq!(max_opt(Some(50_000), Some(100_000)), Some(100_000));
        assert_eq!(max_opt(None, Some(100_000)), Some(100_000));
        assert_eq!(min_opt(Some(500_000), Some(299_999)), Some(299_999));
        assert_eq!(min_opt(Some(500_000), None), Some(500_000));
    }
}
