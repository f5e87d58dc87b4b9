//! `POST /api/v1/quote-requests/{id}/quotes/{version}/accept`

use actix_web::{HttpResponse, post, web};
use exports::ExportOrderView;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The importer accepts the latest version of the quote before it
/// expires: the request's one export order is made, with its proforma
/// invoice and its deposit and balance to pay. Accepting again, an
/// expired or an older version is refused (409).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path), ("version" = i32, Path)),
    responses(
        (status = 201, body = ExportOrderView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`quote_expired`, `quote_superseded` or `quote_already_accepted`"),
    )
)]
#[post("/quote-requests/{id}/quotes/{version}/accept")]
pub async fn accept_quote(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, version) = path.into_inner();
    let order = state.exports.accept_quote(&actor, id, version).await?;
    Ok(HttpResponse::Created().json(state.exports.export_order(Some(&actor), order).await?))
}
