//! `POST /api/v1/export-payments/{id}/card`

use actix_web::{post, web};
use exports::ExportCardView;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The importer pays an export order's due deposit or balance by card, in
/// US dollars through Stripe: the PaymentIntent is made the first time
/// (one per payment, whatever the retries) at the rate fixed then, and read
/// back afterwards, what Stripe says being applied (a success books the
/// payment once, as a recorded transfer is booked).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = ExportCardView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "not the order's importer"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`payment_not_due`, `payment_already_paid`, `payment_provider_refused`"),
        (status = 422, body = ErrorBody, description = "`payment_method_disabled`: cards are not configured"),
        (status = 503, body = ErrorBody, description = "`payment_provider_unavailable`"),
    )
)]
#[post("/export-payments/{id}/card")]
pub async fn pay_card(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<web::Json<ExportCardView>, ApiError> {
    Ok(web::Json(
        state
            .exports
            .card_payment(&actor, path.into_inner())
            .await?,
    ))
}
