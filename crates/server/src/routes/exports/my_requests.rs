//! `GET /api/v1/quote-requests`

use actix_web::{get, web};
use exports::RequestSummary;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The signed-in importer's requests for quote, newest first.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    responses((status = 200, body = Vec<RequestSummary>), (status = 401, body = ErrorBody))
)]
#[get("/quote-requests")]
pub async fn my_requests(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<web::Json<Vec<RequestSummary>>, ApiError> {
    Ok(web::Json(state.exports.my_requests(&actor).await?))
}
