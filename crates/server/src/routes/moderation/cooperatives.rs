//! `GET /api/v1/moderation/cooperatives` · `GET /api/v1/moderation/cooperatives/{id}` ·
//! `POST /api/v1/moderation/cooperatives/{id}/{action}`

use actix_web::{get, post, web};
use catalog::moderation::{ApplicationSummary, Decision};
use chrono::{DateTime, Utc};
use kernel::{CooperativeId, FieldErrors, problem};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::cooperatives::applications::ApplicationResponse;
use crate::routes::views::{PageParams, PageResponse};
use crate::state::AppState;

/// An application in the queue.
#[derive(Serialize, ToSchema)]
pub struct QueueItemResponse {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Legal name.
    pub name: String,
    /// Legal form.
    pub kind: String,
    /// Province.
    pub province: String,
    /// Status.
    pub status: String,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Documents attached.
    pub documents: u64,
}

impl From<ApplicationSummary> for QueueItemResponse {
    fn from(a: ApplicationSummary) -> Self {
        Self {
            id: a.id,
            slug: a.slug,
            name: a.name,
            kind: a.kind.as_str().to_owned(),
            province: a.province,
            status: a.status,
            submitted_at: a.submitted_at,
            documents: a.documents,
        }
    }
}

/// The queue's filter.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// `pending` (default), `changes_requested`, `approved`, `rejected` or `suspended`.
    pub status: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
    /// Items a page (at most 100).
    #[param(value_type = Option<u64>)]
    pub per_page: Option<String>,
}

/// The review queue, oldest submission first.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(QueueParams),
    responses((status = 200, body = PageResponse<QueueItemResponse>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/moderation/cooperatives")]
pub async fn queue(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    params: web::Query<QueueParams>,
) -> Result<web::Json<PageResponse<QueueItemResponse>>, ApiError> {
    let params = params.into_inner();
    let mut errors = FieldErrors::new();
    let page = PageParams {
        page: params.page,
        per_page: params.per_page,
    }
    .parse(&mut errors);
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            let status = catalog::onboarding::parse_status(s);
            if status.is_none() {
                errors.add(
                    "status",
                    problem::not_one_of(&[
                        "pending",
                        "changes_requested",
                        "approved",
                        "rejected",
                        "suspended",
                    ]),
                );
            }
            status
        }
        None => None,
    };
    errors.into_result(()).map_err(ApiError::invalid)?;
    let queue = state.catalog.review_queue(&actor, status, page).await?;
    Ok(web::Json(PageResponse::from_page(queue, Into::into)))
}

/// An application in full, with its documents and history.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("id" = CooperativeId, Path)),
    responses((status = 200, body = ApplicationResponse), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/moderation/cooperatives/{id}")]
pub async fn detail(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<web::Json<ApplicationResponse>, ApiError> {
    accounts::authorize(Some(&actor), accounts::Action::Moderate)?;
    Ok(web::Json(
        state
            .catalog
            .application(&actor, path.into_inner())
            .await?
            .into(),
    ))
}

/// Why.
#[derive(Default, Deserialize, ToSchema)]
pub struct DecisionRequest {
    /// Required to reject, request changes or suspend.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Decides: `approve`, `reject`, `request-changes`, `suspend` or
/// `reinstate`. Audit-logged with the reason and e-mailed to the applicant;
/// a step not allowed from the current status is 409 `invalid_transition`.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("id" = CooperativeId, Path), ("action" = String, Path, description = "approve, reject, request-changes, suspend or reinstate")),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = ApplicationResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`"),
        (status = 422, body = ErrorBody, description = "reason missing"),
    )
)]
#[post("/moderation/cooperatives/{id}/{action}")]
pub async fn decide(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(CooperativeId, String)>,
    body: Option<web::Json<DecisionRequest>>,
) -> Result<web::Json<ApplicationResponse>, ApiError> {
    let (id, action) = path.into_inner();
    let reason = body.and_then(|b| b.into_inner().reason);
    accounts::authorize(Some(&actor), accounts::Action::Moderate)?;
    let decision = Decision::parse(&action, reason.as_deref())?;
    Ok(web::Json(
        state.catalog.decide(&actor, id, decision).await?.into(),
    ))
}
