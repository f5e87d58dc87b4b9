//! `GET /api/v1/quote-requests/{id}/pictures/{picture}`

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A picture of a request, for its importer, the cooperative and union
/// staff.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path), ("picture" = Uuid, Path)),
    responses(
        (status = 200, description = "the picture (JPEG, PNG or WebP)"),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/quote-requests/{id}/pictures/{picture}")]
pub async fn get_picture(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, picture) = path.into_inner();
    let (content_type, filename, bytes) = state.exports.picture(Some(&actor), id, picture).await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Inline,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header(("cache-control", "private, no-store"))
        .insert_header(("x-content-type-options", "nosniff"))
        .body(bytes))
}
