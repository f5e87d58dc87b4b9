//! `POST /api/v1/export-orders/{id}/documents/{kind}`

use actix_multipart::Multipart;
use actix_web::{HttpRequest, post, web};
use exports::DocumentSlot;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::multipart::{self, Limits};
use crate::state::AppState;

const LIMITS: Limits = Limits {
    max_file_bytes: exports::documents::MAX_BYTES,
    max_files: 1,
    max_field_bytes: 64 * 1024,
};

/// The cooperative uploads a shipping document as a PDF (multipart field
/// `file`): `certificate_of_origin`, `phytosanitary` or `fumigation`. A
/// second upload of a kind replaces the first.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path), ("kind" = String, Path)),
    request_body(content_type = "multipart/form-data", content = Object),
    responses(
        (status = 200, body = DocumentSlot),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/export-orders/{id}/documents/{kind}")]
pub async fn upload_document(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    req: HttpRequest,
    path: web::Path<(Uuid, String)>,
    payload: Multipart,
) -> Result<web::Json<DocumentSlot>, ApiError> {
    let (id, kind) = path.into_inner();
    // refuse before reading megabytes the caller may not send
    state.exports.check_may_upload(&actor, id).await?;
    let form = multipart::read(&req, payload, LIMITS).await?;
    let file = form
        .files_of("file")
        .into_iter()
        .next()
        .unwrap_or(catalog::uploads::Upload {
            filename: String::new(),
            bytes: Vec::new(),
        });
    Ok(web::Json(
        state
            .exports
            .upload_document(&actor, id, &kind, &file.filename, file.bytes)
            .await?,
    ))
}
