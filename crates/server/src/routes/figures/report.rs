//! `PUT /api/v1/cooperatives/{id}/figures/{year}`

use actix_web::{put, web};
use catalog::figures::{FiguresInput, FiguresView};
use kernel::CooperativeId;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The cooperative's managers report (or correct) a year's figures:
/// members, of whom women and ethnic minorities, regular and seasonal
/// workers, average monthly income per member, year founded, the day
/// reported. They wait for union staff again.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path), ("year" = i32, Path)),
    request_body = FiguresInput,
    responses(
        (status = 200, body = FiguresView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/cooperatives/{id}/figures/{year}")]
pub async fn report_figures(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(CooperativeId, i32)>,
    body: web::Json<FiguresInput>,
) -> Result<web::Json<FiguresView>, ApiError> {
    let (id, year) = path.into_inner();
    Ok(web::Json(
        state
            .catalog
            .report_figures(&actor, id, year, &body)
            .await?,
    ))
}
