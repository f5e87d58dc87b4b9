//! `POST /api/v1/bookings/{id}/attendance`

use actix_web::{post, web};
use orders::BookingStatus;
use orders::bookings::day::AttendanceInput;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A booking's new status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Marked {
    /// What became of the booking.
    pub status: BookingStatus,
}

/// Marks a booking (an order line) arrived, no-show or completed (the
/// cooperative's members who handle orders); a completed booking may be
/// reviewed, and its buyer is invited to.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path, description = "the booked order line")),
    request_body = AttendanceInput,
    responses(
        (status = 200, body = Marked),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/bookings/{id}/attendance")]
pub async fn attendance(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<AttendanceInput>,
) -> Result<web::Json<Marked>, ApiError> {
    let status = state
        .orders
        .mark_booking(&actor, path.into_inner(), &body)
        .await?;
    Ok(web::Json(Marked { status }))
}
