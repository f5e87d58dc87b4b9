//! `POST /api/v1/sessions/{id}/close`

use actix_web::{post, web};
use orders::bookings::CloseInput;
use orders::bookings::close::Closed;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Closes a date (weather, a festival): it takes no more bookings, and its
/// bookings move to `move_to`, another open date of the same experience
/// with room for them; each buyer is e-mailed the new time with its
/// calendar file (the cooperative's members who handle orders).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path)),
    request_body = CloseInput,
    responses(
        (status = 200, body = Closed),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`: closed already"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/sessions/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<CloseInput>,
) -> Result<web::Json<Closed>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .close_session(&actor, path.into_inner(), &body)
            .await?,
    ))
}
