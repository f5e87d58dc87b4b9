//! `POST /api/v1/moderation/figures/{id}/review`

use actix_web::{post, web};
use catalog::figures::{FiguresDecision, FiguresView};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// What union staff decide.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FiguresReview {
    /// `verify` or `needs_correction`.
    pub decision: String,
    /// What to correct (needed to send back).
    pub note: Option<String>,
}

/// Union staff verify a year's figures (the cooperative's public page then
/// shows them) or send them back with a note. Audit-logged.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("id" = Uuid, Path)),
    request_body = FiguresReview,
    responses(
        (status = 200, body = FiguresView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/moderation/figures/{id}/review")]
pub async fn review_figures(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<FiguresReview>,
) -> Result<web::Json<FiguresView>, ApiError> {
    let decision = FiguresDecision::parse(&body.decision, body.note.as_deref())?;
    Ok(web::Json(
        state
            .catalog
            .review_figures(&actor, path.into_inner(), decision)
            .await?,
    ))
}
