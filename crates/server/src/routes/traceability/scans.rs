//! `GET /api/v1/lots/{id}/scans`

use actix_web::{get, web};
use traceability::ScanReport;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Visits of a lot's public page per day (in Vietnam), for its
/// cooperative's members and union staff. Nothing about the visitors is
/// kept.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = ScanReport),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/lots/{id}/scans")]
pub async fn scans(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<web::Json<ScanReport>, ApiError> {
    Ok(web::Json(
        state.traceability.scans(&actor, path.into_inner()).await?,
    ))
}
