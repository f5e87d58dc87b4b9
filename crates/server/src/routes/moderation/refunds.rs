//! What the market must give back (union staff): `GET /moderation/refunds`
//! lists money held for buyers and paid orders that were cancelled;
//! `POST /moderation/held-funds/{id}/refund` gives held money back.

use actix_web::{get, post, web};
use kernel::{FieldErrors, problem};
use orders::money::{HeldView, ReturnHeldInput, ToRefund};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::parse_number;
use crate::state::AppState;

/// A page of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RefundsParams {
    /// 1-based page of 50 held entries.
    #[param(value_type = Option<u64>, minimum = 1)]
    pub page: Option<String>,
}

/// Money to give back: a page of money held for buyers (a transfer for a
/// cancelled order, more or less than was asked, a second payment, a
/// credit with no reference) and the paid orders that were cancelled and
/// not yet refunded (union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(RefundsParams),
    responses(
        (status = 200, body = ToRefund),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/moderation/refunds")]
pub async fn refunds_due(
    state: web::Data<AppState>,
    actor: SignedIn,
    params: web::Query<RefundsParams>,
) -> Result<web::Json<ToRefund>, ApiError> {
    let mut errors = FieldErrors::new();
    let page = parse_number(&mut errors, "page", params.page.as_deref()).unwrap_or(1);
    if page == 0 || page > 100_000 {
        errors.add("page", problem::whole_number_from(1));
    }
    errors.into_result(()).map_err(ApiError::invalid)?;
    Ok(web::Json(state.orders.to_refund(&actor.0, page).await?))
}

/// Gives money held for a buyer back (union staff): a card payment through
/// Stripe, anything else recorded as sent by the union's bank (say how in
/// `note`). Booked in the ledger; the buyer is e-mailed. Asking again
/// answers the entry as it is.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    request_body = ReturnHeldInput,
    responses(
        (status = 200, body = HeldView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "`held_funds_not_found`"),
        (status = 409, body = ErrorBody, description = "`held_funds_resolved`: applied to its payment; `payment_provider_refused`"),
        (status = 503, body = ErrorBody, description = "`payment_provider_unavailable`"),
    )
)]
#[post("/moderation/held-funds/{id}/refund")]
pub async fn return_held(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    body: Option<web::Json<ReturnHeldInput>>,
) -> Result<web::Json<HeldView>, ApiError> {
    let input = body.map(web::Json::into_inner).unwrap_or_default();
    Ok(web::Json(
        Box::pin(state.orders.return_held(&actor.0, id.into_inner(), &input)).await?,
    ))
}
