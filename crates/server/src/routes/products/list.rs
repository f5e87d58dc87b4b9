//! `GET /api/v1/products`

use actix_web::{get, web};
use catalog::{CertificationKind, ProductQuery, ProductSort};
use kernel::id::IdOrSlug;
use kernel::{FieldErrors, problem};
use serde::Deserialize;
use utoipa::IntoParams;

use super::ProductCardResponse;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{PageParams, PageResponse, RequestLocale, parse_amount};
use crate::state::AppState;

/// Filters of the listing list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductFilters {
    /// Only this category (id or slug) and the categories under it.
    pub category: Option<String>,
    /// Only this cooperative's (id or slug).
    pub cooperative: Option<String>,
    /// Words to search for, through the search index as `/search` does
    /// (diacritics, typos, synonyms; best match first by default).
    pub q: Option<String>,
    /// Only listings with a verified, unexpired certification of this kind
    /// (theirs or their cooperative's): vietgap, ocop, organic or award.
    pub certification: Option<String>,
    /// Only listings made in this province.
    pub province: Option<String>,
    /// Only listings with a variant at this price or more (đồng).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub min_price: Option<String>,
    /// Only listings with a variant at this price or less (đồng).
    #[param(value_type = Option<i64>, minimum = 0)]
    pub max_price: Option<String>,
    /// `true` for only what can be bought now.
    #[param(value_type = Option<bool>)]
    pub in_stock: Option<String>,
    /// relevance (default), price_asc, price_desc or newest.
    pub sort: Option<String>,
    /// Language of the plain text fields: vi, en, ja or zh.
    pub locale: Option<String>,
    /// Newest first, the page after this one: the `next` of the page before
    /// (cheaper than `page` deep into the list; `page` is then ignored).
    pub after: Option<String>,
    /// 1-based page number (default 1).
    #[param(value_type = Option<u64>, minimum = 1)]
    pub page: Option<String>,
    /// Items a page (default 24, at most 100).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// Published listings of approved cooperatives, filtered and sorted.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "catalog",
    params(ProductFilters),
    responses(
        (status = 200, body = PageResponse<ProductCardResponse>),
        (status = 404, body = ErrorBody, description = "the category or cooperative filtered on does not exist"),
        (status = 422, body = ErrorBody, description = "bad paging"),
    )
)]
#[get("/products")]
pub async fn list_products(
    state: web::Data<AppState>,
    filters: web::Query<ProductFilters>,
    locale: RequestLocale,
) -> Result<web::Json<PageResponse<ProductCardResponse>>, ApiError> {
    let filters = filters.into_inner();
    let mut errors = FieldErrors::new();
    let page = PageParams {
        page: filters.page,
        per_page: filters.per_page,
    }
    .parse(&mut errors);
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let certification = non_empty(filters.certification).and_then(|c| {
        let kind = CertificationKind::parse(c.trim());
        if kind.is_none() {
            errors.add("certification", problem::certification_kind_unknown());
        }
        kind
    });
    let min_price = parse_amount(&mut errors, "min_price", filters.min_price.as_deref());
    let max_price = parse_amount(&mut errors, "max_price", filters.max_price.as_deref());
    if let (Some(min), Some(max)) = (min_price, max_price)
        && min > max
    {
        errors.add("max_price", problem::below_field("min_price"));
    }
    let in_stock = match non_empty(filters.in_stock).as_deref() {
        None | Some("false" | "0") => false,
        Some("true" | "1") => true,
        Some(_) => {
            errors.add("in_stock", problem::not_one_of(&["true", "false"]));
            false
        }
    };
    let sort = match non_empty(filters.sort) {
        None => ProductSort::Relevance,
        Some(s) => ProductSort::parse(s.trim()).unwrap_or_else(|| {
            errors.add("sort", problem::sort_unknown());
            ProductSort::Relevance
        }),
    };
    let after = non_empty(filters.after).and_then(|a| {
        let cursor = a.trim().parse::<catalog::ListCursor>().ok();
        if cursor.is_none() {
            errors.add("after", problem::not_a_page_cursor());
        }
        cursor
    });
    let page = errors.into_result(page).map_err(ApiError::invalid)?;
    let query = ProductQuery {
        category: non_empty(filters.category).map(|s| IdOrSlug::parse(&s)),
        cooperative: non_empty(filters.cooperative).map(|s| IdOrSlug::parse(&s)),
        q: non_empty(filters.q),
        featured: false,
        certification,
        province: non_empty(filters.province).map(|p| p.trim().to_owned()),
        min_price,
        max_price,
        in_stock,
        sort,
        after,
    };
    // words go to the search index (the same one as /search); filters
    // alone are answered by the database
    let products = if query.q.is_some() {
        let mut request = ::search::SearchRequest::from_product_query(&query, page);
        request.locale = locale.0;
        state.search.product_page(&request).await?
    } else {
        state.catalog.list_products(&query, page).await?
    };
    Ok(web::Json(PageResponse::from_page(products, |p| {
        ProductCardResponse::new(p, locale.0)
    })))
}
