//! `POST /api/v1/lots/{id}/diary`

use actix_web::{HttpResponse, post, web};
use traceability::{DiaryInput, LotView};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// Adds a dated step to a lot's field diary (its cooperative's members):
/// an input with its pre-harvest interval (which must end by the
/// harvest), irrigation, harvest, processing, making or a note.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path)),
    request_body = DiaryInput,
    responses(
        (status = 201, body = LotView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/lots/{id}/diary")]
pub async fn add_diary_entry(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<DiaryInput>,
    locale: RequestLocale,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .traceability
        .add_diary_entry(&actor, path.into_inner(), &body, locale.0)
        .await?;
    Ok(HttpResponse::Created().json(view))
}
