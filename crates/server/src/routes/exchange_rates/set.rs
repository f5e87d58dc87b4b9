//! `PUT /api/v1/moderation/exchange-rates`

use actix_web::{put, web};
use catalog::rates::{ExchangeRates, RatesInput};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Sets the exchange rates (union staff): đồng per unit as a plain number
/// (`"25400"`, `"170.35"`); a currency left out keeps its rate. Written to
/// the audit log; every process shows the new rates at once.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    request_body = RatesInput,
    responses(
        (status = 200, body = ExchangeRates),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/moderation/exchange-rates")]
pub async fn set_exchange_rates(
    state: web::Data<AppState>,
    actor: SignedIn,
    body: web::Json<RatesInput>,
) -> Result<web::Json<ExchangeRates>, ApiError> {
    Ok(web::Json(
        state.catalog.set_exchange_rates(&actor.0, &body).await?,
    ))
}
