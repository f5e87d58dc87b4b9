//! `GET /api/v1/products/{id_or_slug}`

use actix_web::{HttpResponse, get, web};
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
        (status = 301, description = "a former slug: `Location` names the current one"),
        (status = 404, body = ErrorBody, description = "no published listing has this id or slug"),
    )
)]
#[get("/products/{id_or_slug}")]
pub async fn get_product(
    state: web::Data<AppState>,
    path: web::Path<String>,
    locale: RequestLocale,
) -> Result<HttpResponse, ApiError> {
    let key = IdOrSlug::parse(&path);
    match state.catalog.product(&key).await {
        Ok(product) => Ok(HttpResponse::Ok().json(ProductDetailResponse::new(product, locale.0))),
        Err(err @ catalog::Error::ProductNotFound(_)) => {
            // a listing renamed since the link was shared
            if let IdOrSlug::Slug(slug) = &key
                && let Some(current) = state.catalog.renamed_listing(slug).await?
            {
                return Ok(HttpResponse::MovedPermanently()
                    .insert_header(("location", format!("/api/v1/products/{current}")))
                    .finish());
            }
            Err(err.into())
        }
        Err(err) => Err(err.into()),
    }
}
