//! `GET /api/v1/search` and `GET /api/v1/search/suggest`: product search
//! through the index (Tantivy or Meilisearch).

use ::search::{FacetValue, SearchRequest};
use actix_web::{HttpRequest, get, web};
use kernel::{I18nText, Locale};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::products::ProductCardResponse;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{RequestLocale, empty_values};
use crate::state::AppState;

/// The search's parameters (`category` and `certification` may repeat).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code, reason = "documents the query string; it is read as pairs")]
pub struct SearchParams {
    /// What the shopper typed: Vietnamese with or without diacritics,
    /// English, Japanese or Chinese; typos are forgiven and the last word
    /// may be unfinished.
    pub q: Option<String>,
    /// Category slug or id; repeat for any of several.
    pub category: Option<Vec<String>>,
    /// Cooperative slug or id.
    pub cooperative: Option<String>,
    /// vietgap, ocop, organic or award; repeat to require all.
    pub certification: Option<Vec<String>>,
    /// Province of origin.
    pub province: Option<String>,
    /// A price range: under_100k, from_100k_to_300k, from_300k_to_1m, from_1m.
    pub price: Option<String>,
    /// Only listings with a variant at this price or more (đồng).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub min_price: Option<String>,
    /// Only listings with a variant at this price or less (đồng).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub max_price: Option<String>,
    /// `true` for only what can be bought now.
    #[param(value_type = Option<bool>)]
    pub in_stock: Option<String>,
    /// Only listings rated this many stars or more on average (1–5).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 5)]
    pub rating_min: Option<String>,
    /// relevance (default), price_asc, price_desc, newest or rating (best
    /// rated first, listings without reviews last).
    pub sort: Option<String>,
    /// `false` to leave out the facet counts.
    #[param(value_type = Option<bool>)]
    pub facets: Option<String>,
    /// Language of titles and highlights: vi, en, ja or zh.
    pub locale: Option<String>,
    /// 1-based page number (default 1).
    #[param(value_type = Option<u64>, minimum = 1)]
    pub page: Option<String>,
    /// Items a page (default 24, at most 100).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// A listing found.
#[derive(Serialize, ToSchema)]
pub struct SearchHitResponse {
    /// The listing, as product lists show it.
    #[serde(flatten)]
    pub product: ProductCardResponse,
    /// The title with the matched words in `<mark>…</mark>` and everything
    /// else HTML-escaped.
    pub highlighted_title: String,
}

/// A facet value.
#[derive(Serialize, ToSchema)]
pub struct FacetValueResponse {
    /// What to pass back as the filter's value.
    pub value: String,
    /// What to show, in the request's language.
    pub label: String,
    /// Matching listings with this value.
    pub count: u64,
}

/// Facet counts over the whole result set. `cooperative`, `province` and
/// `in_stock` each add up to `total`; a listing counts under its category
/// and each parent, under each certification, and in each price range its
/// variants touch.
#[derive(Serialize, ToSchema)]
pub struct FacetsResponse {
    /// By category slug.
    pub category: Vec<FacetValueResponse>,
    /// By cooperative slug.
    pub cooperative: Vec<FacetValueResponse>,
    /// By certification kind.
    pub certification: Vec<FacetValueResponse>,
    /// By province.
    pub province: Vec<FacetValueResponse>,
    /// By price range key.
    pub price_range: Vec<FacetValueResponse>,
    /// `true` or `false`.
    pub in_stock: Vec<FacetValueResponse>,
}

/// One page of search results.
#[derive(Serialize, ToSchema)]
pub struct SearchResponse {
    /// The listings found.
    pub items: Vec<SearchHitResponse>,
    /// The 1-based page.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// Listings found in all (results are served up to the 10,000th).
    pub total: u64,
    /// Milliseconds the index spent.
    pub took_ms: u64,
    /// A corrected query when this one found little and looks misspelt.
    pub did_you_mean: Option<String>,
    /// Facet counts, unless `facets=false`.
    pub facets: Option<FacetsResponse>,
}

/// The query string as key–value pairs (percent-decoded, invalid UTF-8
/// replaced), so that keys may repeat.
pub fn query_pairs(req: &HttpRequest) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string()).unwrap_or_default()
}

fn facet_values(values: Vec<FacetValue>, locale: Locale) -> Vec<FacetValueResponse> {
    values
        .into_iter()
        .map(|v| FacetValueResponse {
            label: label(&v.label, locale),
            value: v.value,
            count: v.count,
        })
        .collect()
}

fn label(text: &I18nText, locale: Locale) -> String {
    text.get(locale).to_owned()
}

/// Searches published listings of active cooperatives.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, body = SearchResponse),
        (status = 404, body = ErrorBody, description = "the category or cooperative filtered on does not exist"),
        (status = 422, body = ErrorBody, description = "a filter, sort or page value is not valid"),
        (status = 503, body = ErrorBody, description = "the search backend does not answer"),
    )
)]
#[get("/search")]
pub async fn search_listings(
    state: web::Data<AppState>,
    req: HttpRequest,
    locale: RequestLocale,
) -> Result<web::Json<SearchResponse>, ApiError> {
    let pairs = query_pairs(&req);
    // the shop's search form sends empty fields; the API refuses them
    let mut errors = empty_values(
        &pairs,
        &["min_price", "max_price", "rating_min", "page", "per_page"],
    );
    let request = match SearchRequest::from_pairs(&pairs) {
        Ok(request) => errors.into_result(request),
        Err(problems) => {
            errors.merge(problems);
            Err(errors)
        }
    };
    let mut request = request.map_err(ApiError::invalid)?;
    request.locale = locale.0;
    let found = state.search.search(&request).await?;
    let locale = locale.0;
    Ok(web::Json(SearchResponse {
        items: found
            .items
            .into_iter()
            .map(|f| SearchHitResponse {
                product: ProductCardResponse::new(f.card, locale),
                highlighted_title: f.highlighted_title,
            })
            .collect(),
        page: found.page,
        per_page: found.per_page,
        total: found.total,
        took_ms: found.took_ms,
        did_you_mean: found.did_you_mean,
        facets: found.facets.map(|f| FacetsResponse {
            category: facet_values(f.category, locale),
            cooperative: facet_values(f.cooperative, locale),
            certification: facet_values(f.certification, locale),
            province: facet_values(f.province, locale),
            price_range: facet_values(f.price_range, locale),
            in_stock: facet_values(f.in_stock, locale),
        }),
    }))
}

/// What has been typed so far.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SuggestParams {
    /// The text in the search box.
    pub q: Option<String>,
    /// How many titles (default 8, at most 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 20)]
    pub limit: Option<String>,
}

/// A title completing the text typed.
#[derive(Serialize, ToSchema)]
pub struct SuggestionResponse {
    /// The listing's URL name (link to `/products/{slug}`).
    pub slug: String,
    /// Its title.
    pub title: String,
    /// The title with the matched words in `<mark>…</mark>`, the rest escaped.
    pub highlighted: String,
}

/// Suggestions for search-as-you-type.
#[derive(Serialize, ToSchema)]
pub struct SuggestResponse {
    /// Titles, best first.
    pub items: Vec<SuggestionResponse>,
}

/// Titles completing what the shopper is typing.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "search",
    params(SuggestParams),
    responses(
        (status = 200, body = SuggestResponse),
        (status = 422, body = ErrorBody, description = "limit is not a number from 1 to 20"),
    )
)]
#[get("/search/suggest")]
pub async fn suggest(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<web::Json<SuggestResponse>, ApiError> {
    let pairs = query_pairs(&req);
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
    };
    let limit = match get("limit") {
        None => 8,
        Some(l) => match l.parse::<usize>() {
            Ok(n) if (1..=20).contains(&n) => n,
            _ => {
                return Err(ApiError::invalid(kernel::FieldErrors::single(
                    "limit",
                    kernel::problem::whole_number_between(1, 20),
                )));
            }
        },
    };
    let items = state
        .search
        .suggest(&get("q").unwrap_or_default(), limit)
        .await?
        .into_iter()
        .map(|s| SuggestionResponse {
            slug: s.slug,
            title: s.title,
            highlighted: s.highlighted,
        })
        .collect();
    Ok(web::Json(SuggestResponse { items }))
}
