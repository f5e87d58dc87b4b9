//! `GET /api/v1/exchange-rates`

use actix_web::{get, web};
use catalog::rates::ExchangeRates;

use crate::error::ApiError;
use crate::state::AppState;

/// The exchange rates union staff set (the latest of each currency, with
/// the moment it was set). Prices are charged in đồng; these only show
/// them in the buyer's currency.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "catalog",
    responses((status = 200, body = ExchangeRates))
)]
#[get("/exchange-rates")]
pub async fn exchange_rates(
    state: web::Data<AppState>,
) -> Result<web::Json<ExchangeRates>, ApiError> {
    Ok(web::Json(state.catalog.exchange_rates().await?))
}
