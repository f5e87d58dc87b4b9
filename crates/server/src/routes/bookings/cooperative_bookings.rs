//! `GET /api/v1/cooperatives/{id}/bookings`

use actix_web::{get, web};
use chrono::Utc;
use kernel::{CooperativeId, FieldErrors};
use orders::bookings::SessionBookings;
use uuid::Uuid;

use super::CalendarParams;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The cooperative's calendar: its sessions day by day, each with its
/// places and who booked (name, phone, people, what became of it).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path), CalendarParams),
    responses(
        (status = 200, body = Vec<SessionBookings>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/cooperatives/{id}/bookings")]
pub async fn cooperative_bookings(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    params: web::Query<CalendarParams>,
) -> Result<web::Json<Vec<SessionBookings>>, ApiError> {
    let mut errors = FieldErrors::default();
    let (from, days) = params.parse(kernel::time::today_in_vietnam(Utc::now()), &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(web::Json(
        state
            .orders
            .cooperative_bookings(&actor, CooperativeId(path.into_inner()), from, days)
            .await?,
    ))
}
