//! `GET /api/v1/export-orders/{id}/documents/{kind}`

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use exports::DocumentKind;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A document of an export order as PDF, for its importer, the
/// cooperative and union staff: the proforma and commercial invoices and
/// the packing list are made by the market; the others are the files the
/// cooperative uploaded.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path), ("kind" = String, Path)),
    responses(
        (status = 200, description = "the PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/export-orders/{id}/documents/{kind}")]
pub async fn get_document(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(Uuid, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, kind) = path.into_inner();
    let kind = DocumentKind::parse(&kind).ok_or(exports::Error::DocumentNotFound)?;
    let (filename, bytes) = state.exports.document(Some(&actor), id, kind).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Inline,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header(("cache-control", "private, no-store"))
        .body(bytes))
}
