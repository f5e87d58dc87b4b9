//! `GET /api/v1/cooperatives/{id}/lots`

use actix_web::{get, web};
use kernel::CooperativeId;
use traceability::LotSummary;

use super::LotListParams;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{PageResponse, RequestLocale};
use crate::state::AppState;

/// A cooperative's lots, newest first, with their scans and recalls, for
/// its members and union staff.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = CooperativeId, Path), LotListParams),
    responses(
        (status = 200, body = PageResponse<LotSummary>),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/cooperatives/{id}/lots")]
pub async fn cooperative_lots(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    params: web::Query<LotListParams>,
    locale: RequestLocale,
) -> Result<web::Json<PageResponse<LotSummary>>, ApiError> {
    let (filter, page) = params.into_inner().parse()?;
    let lots = state
        .traceability
        .cooperative_lots(&actor, path.into_inner(), &filter, page, locale.0)
        .await?;
    Ok(web::Json(PageResponse::from_page(lots, |l| l)))
}
