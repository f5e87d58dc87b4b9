//! `GET /api/v1/moderation/lots`

use actix_web::{get, web};
use traceability::LotSummary;

use super::LotListParams;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{PageResponse, RequestLocale};
use crate::state::AppState;

/// Every cooperative's lots, newest first, with their scans and how many
/// buyers each recall told, for union staff (`status=recalled`: the
/// recalls).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(LotListParams),
    responses(
        (status = 200, body = PageResponse<LotSummary>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/moderation/lots")]
pub async fn all_lots(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    params: web::Query<LotListParams>,
    locale: RequestLocale,
) -> Result<web::Json<PageResponse<LotSummary>>, ApiError> {
    let (filter, page) = params.into_inner().parse()?;
    let lots = state
        .traceability
        .all_lots(&actor, &filter, page, locale.0)
        .await?;
    Ok(web::Json(PageResponse::from_page(lots, |l| l)))
}
