//! `POST /api/v1/export-orders/{id}/steps`

use actix_web::{post, web};
use exports::{ExportOrderView, StepInput};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The cooperative takes the next step: `in_production` (after the
/// deposit), `ready` (photos), `shipped` (after the balance, with every
/// required document, `carrier` and `transport_ref`), `delivered`. The
/// importer is e-mailed.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path)),
    request_body = StepInput,
    responses(
        (status = 200, body = ExportOrderView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition` or `documents_missing`"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/export-orders/{id}/steps")]
pub async fn take_step(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<StepInput>,
) -> Result<web::Json<ExportOrderView>, ApiError> {
    let id = path.into_inner();
    state.exports.take_step(&actor, id, &body).await?;
    Ok(web::Json(
        state.exports.export_order(Some(&actor), id).await?,
    ))
}
