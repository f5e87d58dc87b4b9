//! `GET /api/v1/cooperatives/{id}/figures`

use actix_web::{get, web};
use catalog::figures::FiguresView;
use kernel::CooperativeId;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A cooperative's figures, every year reported, newest first, with where
/// each stands with union staff (its members and union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path)),
    responses(
        (status = 200, body = Vec<FiguresView>),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/cooperatives/{id}/figures")]
pub async fn list_figures(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<web::Json<Vec<FiguresView>>, ApiError> {
    Ok(web::Json(
        state
            .catalog
            .cooperative_figures(&actor, path.into_inner())
            .await?,
    ))
}
