//! `GET /api/v1/moderation/figures`

use actix_web::{get, web};
use catalog::figures::FiguresView;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The most reports the queue lists.
pub const QUEUE_LENGTH: u64 = 200;

/// Cooperatives' figures waiting for union staff, oldest report first.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    responses(
        (status = 200, body = Vec<FiguresView>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
#[get("/moderation/figures")]
pub async fn figures_queue(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<web::Json<Vec<FiguresView>>, ApiError> {
    Ok(web::Json(
        state.catalog.figures_queue(&actor, QUEUE_LENGTH).await?,
    ))
}
