//! `GET /api/v1/cooperatives/{id_or_slug}/lookbook.pdf`

use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use catalog::lookbook::LookbookQuery;
use kernel::id::IdOrSlug;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// A cooperative's lookbook for importers, as PDF: its listings on sale
/// (all, a category's with `category=`, or those chosen with
/// `products=slug,slug`, at most 600) with the main picture, title in the
/// reader's language (`?locale=` or Accept-Language; labels in English
/// too), SKUs, options, minimum order, wholesale tiers, lead time, HS code,
/// dimensions and weight. For signed-in people: making one takes seconds.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id_or_slug" = String, Path), LookbookQuery),
    responses(
        (status = 200, description = "the PDF", content_type = "application/pdf"),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody, description = "`documents_unavailable`: fonts missing"),
    )
)]
#[get("/cooperatives/{id_or_slug}/lookbook.pdf")]
pub async fn lookbook(
    state: web::Data<AppState>,
    _actor: SignedIn,
    path: web::Path<String>,
    query: web::Query<LookbookQuery>,
    locale: RequestLocale,
) -> Result<HttpResponse, ApiError> {
    let key = IdOrSlug::parse(&path);
    let (filename, bytes) = state.catalog.lookbook(&key, &query, locale.0).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Inline,
            parameters: vec![DispositionParam::Filename(filename)],
        })
        .insert_header(("cache-control", "private, max-age=300"))
        .body(bytes))
}
