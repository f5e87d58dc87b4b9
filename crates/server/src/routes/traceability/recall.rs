//! `POST /api/v1/lots/{id}/recall`

use actix_web::{post, web};
use traceability::{RecallInput, RecallReport};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// Recalls a lot with a reason (union staff, or its cooperative's
/// members): its page shows the recall at once, it can no longer be
/// packed, and every buyer whose order contained it is e-mailed. Answers
/// the recall report. Audit-logged.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path)),
    request_body = RecallInput,
    responses(
        (status = 200, body = RecallReport),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`lot_already_recalled`"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/lots/{id}/recall")]
pub async fn recall(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<RecallInput>,
    locale: RequestLocale,
) -> Result<web::Json<RecallReport>, ApiError> {
    Ok(web::Json(
        state
            .traceability
            .recall(&actor, path.into_inner(), &body, locale.0)
            .await?,
    ))
}
