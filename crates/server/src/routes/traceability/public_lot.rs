//! `GET /api/v1/traceability/{code}`

use actix_web::{get, web};
use traceability::PublicLot;

use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// What anyone sees of a lot by its public code: product, cooperative,
/// makers, origin, the diary, certifications as they stand today, the
/// recall if any, and where to buy it. (Visits of the page `/t/{code}`
/// are counted; reads of this JSON are not.)
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("code" = String, Path, description = "the lot's public code, e.g. K7M2QXAB")),
    responses(
        (status = 200, body = PublicLot),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/traceability/{code}")]
pub async fn public_lot(
    state: web::Data<AppState>,
    path: web::Path<String>,
    locale: RequestLocale,
) -> Result<web::Json<PublicLot>, ApiError> {
    Ok(web::Json(
        state
            .traceability
            .public_lot(&path.into_inner(), locale.0)
            .await?,
    ))
}
