//! `PUT /api/v1/collections/{id}`

use actix_web::{put, web};
use catalog::collections::{CollectionInput, CollectionView};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Changes a collection: name, description, listings (the whole list, in
/// order), place.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = Uuid, Path)),
    request_body = CollectionInput,
    responses(
        (status = 200, body = CollectionView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/collections/{id}")]
pub async fn update_collection(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<CollectionInput>,
) -> Result<web::Json<CollectionView>, ApiError> {
    Ok(web::Json(
        state
            .catalog
            .update_collection(&actor, path.into_inner(), &body)
            .await?,
    ))
}
