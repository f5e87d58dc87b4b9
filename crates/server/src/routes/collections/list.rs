//! `GET /api/v1/cooperatives/{id_or_slug}/collections`

use actix_web::{get, web};
use catalog::collections::CollectionView;
use kernel::id::IdOrSlug;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A cooperative's collections (design families), in order, each with its
/// listings on sale.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id_or_slug" = String, Path)),
    responses((status = 200, body = Vec<CollectionView>), (status = 404, body = ErrorBody))
)]
#[get("/cooperatives/{id_or_slug}/collections")]
pub async fn list_collections(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<web::Json<Vec<CollectionView>>, ApiError> {
    Ok(web::Json(
        state.catalog.collections(&IdOrSlug::parse(&path)).await?,
    ))
}
