//! `DELETE /api/v1/collections/{id}`

use actix_web::{HttpResponse, delete, web};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Removes a collection; its listings stay.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = Uuid, Path)),
    responses(
        (status = 204),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[delete("/collections/{id}")]
pub async fn delete_collection(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state
        .catalog
        .delete_collection(&actor, path.into_inner())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
