//! `POST /api/v1/quote-requests/{id}/pictures`

use actix_multipart::Multipart;
use actix_web::{HttpRequest, post, web};
use exports::PictureView;
use exports::pictures::{MAX_PICTURE_BYTES, MAX_PICTURES};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::multipart::{self, Limits};
use crate::state::AppState;

/// What a picture upload may hold.
pub const LIMITS: Limits = Limits {
    max_file_bytes: MAX_PICTURE_BYTES,
    max_files: MAX_PICTURES,
    max_field_bytes: 64 * 1024,
};

/// The importer or the cooperative adds pictures to a request (multipart
/// fields `pictures`, JPEG, PNG or WebP, up to 8 on a request): sketches
/// or photos of a custom design, photos of a sample. Answers with every
/// picture of the request.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path)),
    request_body(content_type = "multipart/form-data", content = Object),
    responses(
        (status = 200, body = Vec<PictureView>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/quote-requests/{id}/pictures")]
pub async fn attach_pictures(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    req: HttpRequest,
    path: web::Path<Uuid>,
    payload: Multipart,
) -> Result<web::Json<Vec<PictureView>>, ApiError> {
    let id = path.into_inner();
    // refuse before reading megabytes the caller may not send
    state.exports.check_may_attach(&actor, id).await?;
    let form = multipart::read(&req, payload, LIMITS).await?;
    let pictures = form.files_of("pictures");
    Ok(web::Json(
        state.exports.attach_pictures(&actor, id, pictures).await?,
    ))
}
