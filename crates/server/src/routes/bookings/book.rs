//! `POST /api/v1/cart/bookings`

use actix_web::{HttpRequest, HttpResponse, post, web};
use orders::{BookingInput, CartView};

use crate::auth::Viewer;
use crate::cart_cookie;
use crate::error::{ApiError, ErrorBody};
use crate::routes::orders::with_cookie;
use crate::state::AppState;

/// Puts a booking of a session in the cart, beside any goods (a guest gets
/// the cart cookie); booking the same session again sets its people anew.
/// Checkout takes the places; cash on delivery does not apply.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    request_body = BookingInput,
    responses(
        (status = 200, body = CartView),
        (status = 409, body = ErrorBody, description = "`product_unavailable`"),
        (status = 422, body = ErrorBody, description = "`session_not_open`, `no_places_left`, `people_between`"),
    )
)]
#[post("/cart/bookings")]
pub async fn book(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    body: web::Json<BookingInput>,
) -> Result<HttpResponse, ApiError> {
    let (owner, cookie) = cart_cookie::owner_or_new(&req, &viewer.0, state.auth.secure_cookies)?;
    let cart = state.orders.add_booking_to_cart(&owner, &body).await?;
    Ok(with_cookie(HttpResponse::Ok().json(cart), cookie))
}
