//! `POST /api/v1/moderation/reviews/{id}/decision`

use actix_web::{post, web};
use orders::reviews::{ReviewDecision, ReviewView};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Union staff decide about a review: `{"decision": "hide", "reason":
/// "…"}` takes it out of the shop and the listing's rating and e-mails
/// the author why; `{"decision": "keep"}` closes its reports.
/// Audit-logged.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path)),
    request_body = ReviewDecision,
    responses(
        (status = 200, body = ReviewView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/moderation/reviews/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<ReviewDecision>,
) -> Result<web::Json<ReviewView>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .decide_review(&actor, path.into_inner(), &body)
            .await?,
    ))
}
