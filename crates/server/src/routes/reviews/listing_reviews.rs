//! `GET /api/v1/products/{id}/reviews`

use actix_web::{get, web};
use kernel::FieldErrors;
use orders::reviews::read::ListingReviews;
use uuid::Uuid;

use crate::error::{ApiError, ErrorBody};
use crate::routes::views::PageParams;
use crate::state::AppState;

/// A listing's rating (count, average, reviews per star) and a page of its
/// visible reviews, newest first, with their pictures and the
/// cooperative's replies (anyone).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = ListingReviews), (status = 422, body = ErrorBody))
)]
#[get("/products/{id}/reviews")]
pub async fn listing_reviews(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
    params: web::Query<PageParams>,
) -> Result<web::Json<ListingReviews>, ApiError> {
    let mut errors = FieldErrors::default();
    let page = params.parse(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(web::Json(
        state
            .orders
            .listing_reviews(path.into_inner(), page)
            .await?,
    ))
}
