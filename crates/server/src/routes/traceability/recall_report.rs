//! `GET /api/v1/lots/{id}/recall`

use actix_web::{get, web};
use traceability::RecallReport;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// The recall report of a recalled lot: why, when, and each buyer
/// e-mailed with their order, for its cooperative's members and union
/// staff (404 while the lot is not recalled).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = RecallReport),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/lots/{id}/recall")]
pub async fn recall_report(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    locale: RequestLocale,
) -> Result<web::Json<RecallReport>, ApiError> {
    Ok(web::Json(
        state
            .traceability
            .recall_report(&actor, path.into_inner(), locale.0)
            .await?,
    ))
}
