//! `POST /api/v1/moderation/export-payments/{id}/received`

use actix_web::{post, web};
use exports::{ExportOrderView, PaymentInput};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Union staff record that an export order's deposit or balance arrived
/// on the union's account: booked once in the ledger as the cooperative's
/// export sale (with the market's commission), and the order moves on.
/// Recording it again changes nothing.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("id" = Uuid, Path)),
    request_body = PaymentInput,
    responses(
        (status = 200, body = ExportOrderView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`payment_not_due`"),
    )
)]
#[post("/moderation/export-payments/{id}/received")]
pub async fn record_payment(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<PaymentInput>,
) -> Result<web::Json<ExportOrderView>, ApiError> {
    Ok(web::Json(
        state
            .exports
            .record_payment(&actor, path.into_inner(), &body)
            .await?,
    ))
}
