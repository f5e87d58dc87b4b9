//! `GET /api/v1/products/{id_or_slug}`

use actix_web::{get, web};
use kernel::id::IdOrSlug;

use super::ProductDetailResponse;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// A published listing with its variants, stock, pictures, certifications
/// and cooperative.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "catalog",
    params(
        ("id_or_slug" = String, Path, description = "UUID or slug"),
        ("locale" = Option<String>, Query, description = "vi, en, ja or zh"),
    ),
    responses(
        (status = 200, body = ProductDetailResponse),
        (status = 404, body = ErrorBody, description = "no published listing has this id or slug"),
    )
)]
#[get("/products/{id_or_slug}")]
pub async fn get_product(
    state: web::Data<AppState>,
    path: web::Path<String>,
    locale: RequestLocale,
) -> Result<web::Json<ProductDetailResponse>, ApiError> {
    let product = state.catalog.product(&IdOrSlug::parse(&path)).await?;
    Ok(web::Json(ProductDetailResponse::new(product, locale.0)))
}
