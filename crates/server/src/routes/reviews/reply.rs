//! `POST /api/v1/reviews/{id}/reply`

use actix_web::{post, web};
use orders::reviews::ReviewView;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The cooperative's reply.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReplyBody {
    /// Its text (up to 2,000 characters); replying again replaces it.
    #[serde(default)]
    pub body: String,
}

/// The cooperative answers a review of its sale in public (its members who
/// handle orders). It cannot edit or delete the review. Audit-logged.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path)),
    request_body = ReplyBody,
    responses(
        (status = 200, body = ReviewView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/reviews/{id}/reply")]
pub async fn reply(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<ReplyBody>,
) -> Result<web::Json<ReviewView>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .reply_to_review(&actor, path.into_inner(), &body.body)
            .await?,
    ))
}
