//! `GET /api/v1/lots/{id}`

use actix_web::{get, web};
use traceability::LotView;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// A lot with its diary, certifications as they stand today, recall and
/// scans, for its cooperative's members and union staff.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = LotView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/lots/{id}")]
pub async fn get_lot(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    locale: RequestLocale,
) -> Result<web::Json<LotView>, ApiError> {
    Ok(web::Json(
        state
            .traceability
            .lot(&actor, path.into_inner(), locale.0)
            .await?,
    ))
}
