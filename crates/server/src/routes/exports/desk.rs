//! `GET /api/v1/moderation/export-desk`

use actix_web::{get, web};
use exports::{DeskFilter, DeskView};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Union staff's export desk: every request for quote (filtered by status,
/// country, cooperative) with its latest quote and order, and the export
/// figures: requests, quoted, accepted, acceptance rate, export value by
/// country.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(DeskFilter),
    responses(
        (status = 200, body = DeskView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
#[get("/moderation/export-desk")]
pub async fn desk(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    filter: web::Query<DeskFilter>,
) -> Result<web::Json<DeskView>, ApiError> {
    Ok(web::Json(state.exports.desk(&actor, &filter).await?))
}
