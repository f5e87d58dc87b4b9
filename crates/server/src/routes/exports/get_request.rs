//! `GET /api/v1/quote-requests/{id}`

use actix_web::{get, web};
use exports::RequestView;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// A request for quote with its lines, every version of its quote, its
/// messages and its export order — for its importer, the cooperative's
/// members and union staff (anyone else: 404).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = RequestView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/quote-requests/{id}")]
pub async fn get_request(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<web::Json<RequestView>, ApiError> {
    Ok(web::Json(
        state
            .exports
            .request(Some(&actor), path.into_inner())
            .await?,
    ))
}
