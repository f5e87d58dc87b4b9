//! `POST /api/v1/quote-requests/{id}/quotes`

use actix_web::{HttpResponse, post, web};
use exports::{QuoteInput, RequestView};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A manager of the cooperative asked sends a quote, or a revision (a new
/// version; every version is kept): a unit price in đồng, quantity,
/// minimum and lead time per line, Incoterm and named place, packing,
/// sample price and days, deposit percent, validity date, notes. The
/// exchange rate of the day is fixed on it. The importer is e-mailed.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path)),
    request_body = QuoteInput,
    responses(
        (status = 201, body = RequestView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`quote_already_accepted`"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/quote-requests/{id}/quotes")]
pub async fn send_quote(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<QuoteInput>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    state.exports.send_quote(&actor, id, &body).await?;
    Ok(HttpResponse::Created().json(state.exports.request(Some(&actor), id).await?))
}
