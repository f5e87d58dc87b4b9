//! Certification checks: `GET /api/v1/moderation/certifications` ·
//! `POST /api/v1/moderation/certifications/{id}/{verify,reject}`

use actix_web::{get, post, web};
use catalog::certifications::{CertificationDecision, CertificationStatus};
use kernel::{CertificationId, FieldErrors, problem};
use serde::Deserialize;
use utoipa::IntoParams;

use super::cooperatives::DecisionRequest;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody, route_not_found_error};
use crate::routes::cooperatives::catalogue::CertificationRecordResponse;
use crate::routes::views::{PageParams, PageResponse};
use crate::state::AppState;

/// Which certifications.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CertificationQueueParams {
    /// `pending` (default, oldest first), `verified` or `rejected`.
    pub status: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
    /// Items a page (at most 100).
    #[param(value_type = Option<u64>)]
    pub per_page: Option<String>,
}

/// Certifications of every cooperative by status: the ones waiting for
/// verification by default.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(CertificationQueueParams),
    responses(
        (status = 200, body = PageResponse<CertificationRecordResponse>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/moderation/certifications")]
pub async fn certification_queue(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    params: web::Query<CertificationQueueParams>,
) -> Result<web::Json<PageResponse<CertificationRecordResponse>>, ApiError> {
    let params = params.into_inner();
    let mut errors = FieldErrors::new();
    let page = PageParams {
        page: params.page,
        per_page: params.per_page,
    }
    .parse(&mut errors);
    let status = params
        .status
        .filter(|s| !s.trim().is_empty())
        .and_then(|s| {
            let status = CertificationStatus::parse(s.trim());
            if status.is_none() {
                errors.add(
                    "status",
                    problem::not_one_of(&["pending", "verified", "rejected"]),
                );
            }
            status
        });
    errors.into_result(()).map_err(ApiError::invalid)?;
    let queue = state
        .catalog
        .certification_queue(&actor, status, page)
        .await?;
    Ok(web::Json(PageResponse::from_page(queue, Into::into)))
}

/// Verifies a certification (its badge shows until it expires) or rejects
/// it (reason required; a verified one loses its badge). Audit-logged and
/// e-mailed to the cooperative's owners and managers.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("id" = CertificationId, Path), ("action" = String, Path, description = "verify or reject")),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = CertificationRecordResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`"),
        (status = 422, body = ErrorBody, description = "reason missing"),
    )
)]
#[post("/moderation/certifications/{id}/{action}")]
pub async fn decide_certification(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(CertificationId, String)>,
    body: Option<web::Json<DecisionRequest>>,
) -> Result<web::Json<CertificationRecordResponse>, ApiError> {
    let (id, action) = path.into_inner();
    if !matches!(action.as_str(), "verify" | "reject") {
        return Err(route_not_found_error());
    }
    accounts::authorize(Some(&actor), accounts::Action::Moderate)?;
    let reason = body.and_then(|b| b.into_inner().reason);
    let decision = CertificationDecision::parse(&action, reason.as_deref())?;
    state
        .catalog
        .decide_certification(&actor, id, decision)
        .await?;
    Ok(web::Json(
        state.catalog.certification(&actor, id).await?.into(),
    ))
}
