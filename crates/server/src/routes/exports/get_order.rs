//! `GET /api/v1/export-orders/{id}`

use actix_web::{get, web};
use exports::ExportOrderView;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// An export order: the quote accepted, deposit and balance, payments,
/// timeline, documents checklist — for its importer, the cooperative's
/// members and union staff.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = ExportOrderView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/export-orders/{id}")]
pub async fn get_order(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<web::Json<ExportOrderView>, ApiError> {
    Ok(web::Json(
        state
            .exports
            .export_order(Some(&actor), path.into_inner())
            .await?,
    ))
}
