//! `PUT /api/v1/account/company`

use actix_web::{put, web};
use exports::{BuyerInput, BuyerView};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Makes or changes the signed-in person's company account, needed before
/// a request for quote: company name, country (ISO 3166), tax number
/// (optional), preferred language (vi, en, ja, zh) and currency (VND, USD,
/// JPY, CNY).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    request_body = BuyerInput,
    responses(
        (status = 200, body = BuyerView),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/account/company")]
pub async fn set_company(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    body: web::Json<BuyerInput>,
) -> Result<web::Json<BuyerView>, ApiError> {
    Ok(web::Json(state.exports.set_buyer(&actor, &body).await?))
}
