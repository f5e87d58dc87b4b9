//! `POST /api/v1/orders/{id}/items/{item}/cancel-booking`

use actix_web::{HttpRequest, post, web};
use orders::bookings::BookingCancelled;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::order_access;
use crate::routes::orders::GuestProof;
use crate::state::AppState;

/// The buyer cancels one booking of a paid order (a guest sends its
/// `X-Order-Access` token) and is refunded what the experience's
/// cancellation policy gives: everything until its free-cancellation day,
/// then its share; everything when the cooperative moved the booking. The
/// places go back to the date. An unpaid order is cancelled as a whole
/// (`POST /api/v1/orders/{id}/cancel`).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path), ("item" = Uuid, Path), GuestProof, ("X-Order-Access" = Option<String>, Header, description = "a guest's access token")),
    responses(
        (status = 200, body = BookingCancelled),
        (status = 404, body = ErrorBody, description = "`order_not_found`, `booking_not_found`"),
        (status = 409, body = ErrorBody, description = "`order_changed` (cancelled already or started), `order_not_paid`"),
    )
)]
#[post("/orders/{id}/items/{item}/cancel-booking")]
pub async fn cancel_booking(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
    proof: web::Query<GuestProof>,
) -> Result<web::Json<BookingCancelled>, ApiError> {
    let (order, item) = path.into_inner();
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens)
        .with_email(proof.email.as_deref());
    Ok(web::Json(
        state.orders.cancel_booking(&proof, order, item).await?,
    ))
}
