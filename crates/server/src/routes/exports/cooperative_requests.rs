//! `GET /api/v1/cooperatives/{id}/quote-requests`

use actix_web::{get, web};
use exports::RequestSummary;
use kernel::CooperativeId;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The requests for quote a cooperative was asked, newest first, for its
/// members.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = CooperativeId, Path)),
    responses(
        (status = 200, body = Vec<RequestSummary>),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/cooperatives/{id}/quote-requests")]
pub async fn cooperative_requests(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<web::Json<Vec<RequestSummary>>, ApiError> {
    Ok(web::Json(
        state
            .exports
            .cooperative_requests(&actor, path.into_inner())
            .await?,
    ))
}
