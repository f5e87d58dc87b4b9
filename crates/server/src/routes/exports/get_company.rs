//! `GET /api/v1/account/company`

use actix_web::{get, web};
use exports::BuyerView;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The signed-in importer's company account (`null` before they made one).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    responses((status = 200, body = Option<BuyerView>), (status = 401, body = ErrorBody))
)]
#[get("/account/company")]
pub async fn get_company(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<web::Json<Option<BuyerView>>, ApiError> {
    Ok(web::Json(state.exports.buyer(&actor).await?))
}
