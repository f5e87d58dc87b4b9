//! `GET /api/v1/products`

use actix_web::{get, web};
use catalog::ProductQuery;
use kernel::FieldErrors;
use kernel::id::IdOrSlug;
use serde::Deserialize;
use utoipa::IntoParams;

use super::ProductCardResponse;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{PageParams, PageResponse, RequestLocale};
use crate::state::AppState;

/// Filters of the listing list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductFilters {
    /// Only this category (id or slug) and the categories under it.
    pub category: Option<String>,
    /// Only this cooperative's (id or slug).
    pub cooperative: Option<String>,
    /// Only listings whose title or tags contain every word; diacritics and
    /// case are ignored.
    pub q: Option<String>,
    /// Language of the plain text fields: vi, en, ja or zh.
    pub locale: Option<String>,
    /// 1-based page number (default 1).
    #[param(value_type = Option<u64>, minimum = 1)]
    pub page: Option<String>,
    /// Items a page (default 24, at most 100).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

/// Published listings of approved cooperatives, newest first.
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
    let page = errors.into_result(page).map_err(ApiError::invalid)?;
    let non_empty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let query = ProductQuery {
        category: non_empty(filters.category).map(|s| IdOrSlug::parse(&s)),
        cooperative: non_empty(filters.cooperative).map(|s| IdOrSlug::parse(&s)),
        q: non_empty(filters.q),
        featured: false,
    };
    let products = state.catalog.list_products(&query, page).await?;
    Ok(web::Json(PageResponse::from_page(products, |p| {
        ProductCardResponse::new(p, locale.0)
    })))
}
