//! `GET /api/v1/cooperatives/{id}/rating`

use actix_web::{get, web};
use orders::reviews::RatingSummary;
use uuid::Uuid;

use crate::error::ApiError;
use crate::state::AppState;

/// A cooperative's rating from the visible reviews of everything it sold
/// (anyone).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RatingSummary))
)]
#[get("/cooperatives/{id}/rating")]
pub async fn cooperative_rating(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<RatingSummary>, ApiError> {
    Ok(web::Json(
        state.orders.cooperative_rating(path.into_inner()).await?,
    ))
}
