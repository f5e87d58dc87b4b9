//! `POST /api/v1/cooperatives/{id}/collections`

use actix_web::{HttpResponse, post, web};
use catalog::collections::{CollectionInput, CollectionView};
use kernel::CooperativeId;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Makes a collection of the cooperative's listings (its members): a name
/// in up to four languages, a description, the listings in order.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path)),
    request_body = CollectionInput,
    responses(
        (status = 201, body = CollectionView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/cooperatives/{id}/collections")]
pub async fn create_collection(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    body: web::Json<CollectionInput>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .catalog
        .create_collection(&actor, path.into_inner(), &body)
        .await?;
    Ok(HttpResponse::Created().json(view))
}
