//! `GET /api/v1/moderation/outbox` · `POST /api/v1/moderation/outbox/{id}/retry`

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use kernel::{FieldErrors, problem};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{PageParams, PageResponse};
use crate::state::AppState;

/// A job of the outbox.
#[derive(Serialize, ToSchema)]
pub struct JobResponse {
    /// Id.
    pub id: Uuid,
    /// `email`, `search_index`...
    pub topic: String,
    /// `queued`, `running`, `done` or `failed`.
    pub status: String,
    /// Tries so far.
    pub attempts: i32,
    /// Tries before giving up.
    pub max_attempts: i32,
    /// The last failure.
    pub last_error: Option<String>,
    /// For e-mails: recipient and subject.
    pub summary: Option<String>,
    /// Next try.
    pub run_at: DateTime<Utc>,
    /// Enqueued.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl From<notify::outbox::JobSummary> for JobResponse {
    fn from(j: notify::outbox::JobSummary) -> Self {
        Self {
            id: j.id,
            topic: j.topic,
            status: j.status,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            last_error: j.last_error,
            summary: j.summary,
            run_at: j.run_at,
            created_at: j.created_at,
            updated_at: j.updated_at,
        }
    }
}

/// The outbox's filter.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// `queued`, `running`, `done` or `failed`; all when absent.
    pub status: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
    /// Items a page (at most 100).
    #[param(value_type = Option<u64>)]
    pub per_page: Option<String>,
}

/// E-mails and background jobs, to see what failed and why.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(OutboxParams),
    responses((status = 200, body = PageResponse<JobResponse>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/moderation/outbox")]
pub async fn list_jobs(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    params: web::Query<OutboxParams>,
) -> Result<web::Json<PageResponse<JobResponse>>, ApiError> {
    let params = params.into_inner();
    let mut errors = FieldErrors::new();
    let page = PageParams {
        page: params.page,
        per_page: params.per_page,
    }
    .parse(&mut errors);
    let status = match params.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => {
            let status = notify::outbox::parse_status(s);
            if status.is_none() {
                errors.add(
                    "status",
                    problem::not_one_of(&["queued", "running", "done", "failed"]),
                );
            }
            status
        }
        None => None,
    };
    errors.into_result(()).map_err(ApiError::invalid)?;
    let jobs = state.catalog.outbox(&actor, status, page).await?;
    Ok(web::Json(PageResponse::from_page(jobs, Into::into)))
}

/// Puts a failed job back in the queue for a fresh set of tries.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("id" = Uuid, Path)),
    responses((status = 202), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody, description = "the job is not failed"))
)]
#[post("/moderation/outbox/{id}/retry")]
pub async fn retry_job(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    state.catalog.retry_job(&actor, path.into_inner()).await?;
    Ok(HttpResponse::Accepted().finish())
}
