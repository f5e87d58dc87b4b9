//! `POST /api/v1/quote-requests`

use actix_web::{HttpResponse, post, web};
use exports::{RequestInput, RequestView};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// An importer asks a cooperative for a quote: lines of listed variants or
/// custom designs described, quantities, destination port, Incoterm
/// (EXW, FCA, FOB, CFR, CIF — Incoterms 2020), wanted date, samples,
/// labelling and packaging. Needs a company account (`409
/// company_account_required` before). The cooperative is e-mailed.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    request_body = RequestInput,
    responses(
        (status = 201, body = RequestView),
        (status = 401, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`company_account_required`"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/quote-requests")]
pub async fn request_quote(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    body: web::Json<RequestInput>,
) -> Result<HttpResponse, ApiError> {
    let id = state.exports.request_quote(&actor, &body).await?;
    let view = state.exports.request(Some(&actor), id).await?;
    Ok(HttpResponse::Created().json(view))
}
