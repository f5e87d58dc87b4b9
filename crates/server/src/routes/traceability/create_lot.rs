//! `POST /api/v1/cooperatives/{id}/lots`

use actix_web::{HttpResponse, post, web};
use kernel::CooperativeId;
use traceability::{LotInput, LotView};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// Records a lot of one of the cooperative's listings (its members): lot
/// number, quantity, dates, where, who made it, materials and their
/// origin, the certifications it claims. It gets a public page at
/// `/t/{code}`.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = CooperativeId, Path)),
    request_body = LotInput,
    responses(
        (status = 201, body = LotView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/cooperatives/{id}/lots")]
pub async fn create_lot(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    body: web::Json<LotInput>,
    locale: RequestLocale,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .traceability
        .create_lot(&actor, path.into_inner(), &body, locale.0)
        .await?;
    Ok(HttpResponse::Created().json(view))
}
