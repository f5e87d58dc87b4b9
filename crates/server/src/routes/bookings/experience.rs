//! `GET /api/v1/products/{id}/experience`

use actix_web::{get, web};
use catalog::experiences::ExperienceView;
use kernel::ProductId;
use uuid::Uuid;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// What an experience offers (duration, meeting point, languages, what is
/// included, group size, prices, cancellation policy) and its next open
/// sessions with places left; 404 when the listing is not an experience.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ExperienceView), (status = 404, body = ErrorBody))
)]
#[get("/products/{id}/experience")]
pub async fn experience(
    state: web::Data<AppState>,
    path: web::Path<Uuid>,
) -> Result<web::Json<ExperienceView>, ApiError> {
    let id = path.into_inner();
    state
        .catalog
        .experience(ProductId(id))
        .await?
        .map(web::Json)
        .ok_or_else(|| catalog::Error::ProductNotFound(id.to_string()).into())
}
