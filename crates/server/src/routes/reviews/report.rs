//! `POST /api/v1/reviews/{id}/reports`

use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Why a review breaks the rules.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportBody {
    /// In a few words (up to 2,000 characters).
    #[serde(default)]
    pub reason: String,
}

/// Anyone reports a review (signed in or not); union staff decide. Answers
/// 202: the report waits in their queue.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path)),
    request_body = ReportBody,
    responses(
        (status = 202),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/reviews/{id}/reports")]
pub async fn report(
    state: web::Data<AppState>,
    viewer: Viewer,
    path: web::Path<Uuid>,
    body: web::Json<ReportBody>,
) -> Result<HttpResponse, ApiError> {
    state
        .orders
        .report_review(viewer.0.actor.as_ref(), path.into_inner(), &body.reason)
        .await?;
    Ok(HttpResponse::Accepted().finish())
}
