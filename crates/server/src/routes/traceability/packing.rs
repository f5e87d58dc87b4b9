//! `GET /api/v1/orders/{id}/lots`

use actix_web::{get, web};
use traceability::PackingView;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// An order's lines with the lot chosen for each and the lots (not
/// recalled) that fit it, for the members of its cooperative.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = PackingView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/orders/{id}/lots")]
pub async fn packing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    locale: RequestLocale,
) -> Result<web::Json<PackingView>, ApiError> {
    Ok(web::Json(
        state
            .traceability
            .packing(&actor, path.into_inner(), locale.0)
            .await?,
    ))
}
