//! `POST /api/v1/orders/{id}/balance-collected`

use actix_web::{post, web};
use orders::bookings::BalanceCollected;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The cooperative records that it collected the balance of an order's
/// bookings on arrival (their deposit was paid online): once; the union's
/// commission on it is booked against what the market owes the
/// cooperative.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path, description = "the order")),
    responses(
        (status = 200, body = BalanceCollected),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[post("/orders/{id}/balance-collected")]
pub async fn collect_balance(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<web::Json<BalanceCollected>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .collect_balance(&actor, path.into_inner())
            .await?,
    ))
}
