//! `POST /api/v1/quote-requests/{id}/messages`

use actix_web::{post, web};
use exports::{MessageInput, RequestView};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Writes on a request: its importer, the cooperative or union staff. The
/// other side is e-mailed.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "exports",
    params(("id" = Uuid, Path)),
    request_body = MessageInput,
    responses(
        (status = 200, body = RequestView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/quote-requests/{id}/messages")]
pub async fn post_message(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<MessageInput>,
) -> Result<web::Json<RequestView>, ApiError> {
    let id = path.into_inner();
    state.exports.post_message(&actor, id, &body).await?;
    Ok(web::Json(state.exports.request(Some(&actor), id).await?))
}
