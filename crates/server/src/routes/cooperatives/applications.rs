//! Applying to sell and following the application:
//! `POST /api/v1/cooperatives` · `GET|PATCH /api/v1/cooperatives/{id}/application` ·
//! `POST /api/v1/cooperatives/{id}/resubmit` · `POST /api/v1/cooperatives/{id}/documents` ·
//! `GET /api/v1/cooperatives/{id}/documents/{document_id}` · `GET /api/v1/me/cooperatives`

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use catalog::onboarding::ApplicationForm;
use chrono::{DateTime, Utc};
use kernel::{CooperativeId, I18nText, UserId};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::multipart::{self, Limits};
use crate::state::AppState;

/// An evidence document.
#[derive(Serialize, ToSchema)]
pub struct DocumentResponse {
    /// Id.
    pub id: Uuid,
    /// File name.
    pub filename: String,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Uploaded.
    pub uploaded_at: DateTime<Utc>,
}

/// One step in an application's history.
#[derive(Serialize, ToSchema)]
pub struct AuditEntryResponse {
    /// Id.
    pub id: Uuid,
    /// Who acted.
    pub actor_id: Option<UserId>,
    /// Their name.
    pub actor_name: Option<String>,
    /// What they did, e.g. `cooperative.approve`.
    pub action: String,
    /// To what kind of thing.
    pub target_type: String,
    /// To which.
    pub target_id: String,
    /// What it is called: a cooperative's or person's name, a listing's
    /// title, an order's number, a lot's number.
    pub target_name: Option<String>,
    /// Why.
    pub reason: Option<String>,
    /// The request.
    pub request_id: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl From<catalog::moderation::AuditEntry> for AuditEntryResponse {
    fn from(e: catalog::moderation::AuditEntry) -> Self {
        Self {
            id: e.id,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            target_name: e.target_name,
            reason: e.reason,
            request_id: e.request_id,
            created_at: e.created_at,
        }
    }
}

/// An application (or a seller) in full, for staff and the applicant.
#[derive(Serialize, ToSchema)]
pub struct ApplicationResponse {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Legal name.
    pub name: String,
    /// `cooperative`, `cooperative_group` or `household_business`.
    pub kind: String,
    /// `pending`, `approved`, `changes_requested`, `rejected` or `suspended`.
    pub status: String,
    /// Why staff decided as they did.
    pub status_reason: Option<String>,
    /// Registration number.
    pub registration_number: Option<String>,
    /// Tax code.
    pub tax_code: Option<String>,
    /// Province.
    pub province: String,
    /// District.
    pub district: Option<String>,
    /// Ward.
    pub ward: Option<String>,
    /// Street.
    pub street: Option<String>,
    /// Representative.
    pub representative: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Members.
    pub members_count: Option<i32>,
    /// Local jobs.
    pub local_jobs: Option<i32>,
    /// Year founded.
    pub founded_year: Option<i32>,
    /// One line about it.
    pub summary: I18nText,
    /// Its story.
    pub story: I18nText,
    /// Who applied.
    pub applicant_id: Option<UserId>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last status change.
    pub status_changed_at: Option<DateTime<Utc>>,
    /// Evidence documents.
    pub documents: Vec<DocumentResponse>,
    /// What happened to it, newest first.
    pub history: Vec<AuditEntryResponse>,
}

impl From<catalog::moderation::ApplicationDetail> for ApplicationResponse {
    fn from(a: catalog::moderation::ApplicationDetail) -> Self {
        Self {
            id: a.id,
            slug: a.slug,
            name: a.name,
            kind: a.kind.as_str().to_owned(),
            status: a.status,
            status_reason: a.status_reason,
            registration_number: a.registration_number,
            tax_code: a.tax_code,
            province: a.province,
            district: a.district,
            ward: a.ward,
            street: a.street,
            representative: a.representative,
            phone: a.phone,
            email: a.email,
            members_count: a.members_count,
            local_jobs: a.local_jobs,
            founded_year: a.founded_year,
            summary: a.summary,
            story: a.story,
            applicant_id: a.applicant_id,
            submitted_at: a.submitted_at,
            status_changed_at: a.status_changed_at,
            documents: a
                .documents
                .into_iter()
                .map(|d| DocumentResponse {
                    id: d.id,
                    filename: d.filename,
                    content_type: d.content_type,
                    size_bytes: d.size_bytes,
                    uploaded_at: d.uploaded_at,
                })
                .collect(),
            history: a.history.into_iter().map(Into::into).collect(),
        }
    }
}

/// Applies to sell. The cooperative starts `pending`; documents are added
/// with `POST /cooperatives/{id}/documents`.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    request_body(content = Object, description = "legal_name, kind, registration_number, tax_code, province, district, ward, street, representative, phone, email, members_count, local_jobs, founded_year, summary_vi, summary_en, story_vi, story_en"),
    responses(
        (status = 201, body = ApplicationResponse),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "`email_not_verified`"),
        (status = 422, body = ErrorBody, description = "fields named"),
    )
)]
#[post("/cooperatives")]
pub async fn apply(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    body: web::Json<ApplicationForm>,
) -> Result<HttpResponse, ApiError> {
    let id = state.catalog.apply(&actor, &body, Vec::new()).await?;
    let detail = state.catalog.application(&actor, id).await?;
    Ok(HttpResponse::Created().json(ApplicationResponse::from(detail)))
}

/// An application in full, for the applicant (and members, and staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path)),
    responses((status = 200, body = ApplicationResponse), (status = 404, body = ErrorBody))
)]
#[get("/cooperatives/{id}/application")]
pub async fn get_application(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<web::Json<ApplicationResponse>, ApiError> {
    Ok(web::Json(
        state
            .catalog
            .application(&actor, path.into_inner())
            .await?
            .into(),
    ))
}

/// Changes an open application (pending, or with changes requested): the
/// fields sent replace the current ones, the others stay as they are.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path)),
    request_body = catalog::onboarding::ApplicationPatch,
    responses((status = 200, body = ApplicationResponse), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/cooperatives/{id}/application")]
pub async fn update_application(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    body: web::Json<catalog::onboarding::ApplicationPatch>,
) -> Result<web::Json<ApplicationResponse>, ApiError> {
    let id = path.into_inner();
    state
        .catalog
        .patch_application(&actor, id, body.into_inner())
        .await?;
    Ok(web::Json(
        state.catalog.application(&actor, id).await?.into(),
    ))
}

/// Sends an application with requested changes back to staff.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path)),
    responses((status = 200, body = ApplicationResponse), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/cooperatives/{id}/resubmit")]
pub async fn resubmit(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<web::Json<ApplicationResponse>, ApiError> {
    let id = path.into_inner();
    state.catalog.resubmit(&actor, id).await?;
    Ok(web::Json(
        state.catalog.application(&actor, id).await?.into(),
    ))
}

/// The documents field limits: five files of at most 10 MB.
pub const DOCUMENT_LIMITS: Limits = Limits {
    max_file_bytes: catalog::uploads::MAX_DOCUMENT_BYTES,
    max_files: catalog::uploads::MAX_DOCUMENTS,
    max_field_bytes: 64 * 1024,
};

/// Adds evidence documents (multipart field `documents`: PDF, JPEG or PNG,
/// checked by content, at most 10 MB each, five in all).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path)),
    request_body(content_type = "multipart/form-data", content = Object),
    responses(
        (status = 201, body = ApplicationResponse),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`: the application is no longer open"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "not a PDF, JPEG or PNG; too many"),
        (status = 503, body = ErrorBody, description = "`media_unavailable`: the store that keeps documents does not answer; nothing was recorded, send them again"),
    )
)]
#[post("/cooperatives/{id}/documents")]
pub async fn add_documents(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    req: HttpRequest,
    path: web::Path<CooperativeId>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    // refuse before reading megabytes the caller may not send
    state.catalog.check_can_edit_application(&actor, id).await?;
    let form = multipart::read(&req, payload, DOCUMENT_LIMITS).await?;
    state
        .catalog
        .add_documents(&actor, id, form.files_of("documents"))
        .await?;
    let detail = state.catalog.application(&actor, id).await?;
    Ok(HttpResponse::Created().json(ApplicationResponse::from(detail)))
}

/// An evidence document, for staff and the applicant.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(("id" = CooperativeId, Path), ("document_id" = Uuid, Path)),
    responses(
        (status = 200, description = "the file"),
        (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody, description = "`media_unavailable`: the store that keeps documents does not answer"),
    )
)]
#[get("/cooperatives/{id}/documents/{document_id}")]
pub async fn get_document(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(CooperativeId, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, document) = path.into_inner();
    let (filename, content_type, bytes) = state.catalog.document(&actor, id, document).await?;
    let disposition = actix_web::http::header::ContentDisposition {
        disposition: actix_web::http::header::DispositionType::Inline,
        parameters: vec![actix_web::http::header::DispositionParam::Filename(
            filename,
        )],
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(disposition)
        .insert_header(("cache-control", "private, no-store"))
        .body(bytes))
}

/// A cooperative the signed-in person applied for or belongs to.
#[derive(Serialize, ToSchema)]
pub struct MyCooperativeResponse {
    /// Id.
    pub id: CooperativeId,
    /// URL name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Status.
    pub status: String,
    /// Why staff decided as they did.
    pub status_reason: Option<String>,
    /// Their role, once admitted.
    pub role: Option<String>,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
}

/// The signed-in person's cooperatives and applications.
#[utoipa::path(context_path = "/api/v1", tag = "cooperatives", responses((status = 200, body = Vec<MyCooperativeResponse>), (status = 401, body = ErrorBody)))]
#[get("/me/cooperatives")]
pub async fn my_cooperatives(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<web::Json<Vec<MyCooperativeResponse>>, ApiError> {
    let mine = state.catalog.my_cooperatives(&actor).await?;
    Ok(web::Json(
        mine.into_iter()
            .map(|c| MyCooperativeResponse {
                id: c.id,
                slug: c.slug,
                name: c.name,
                status: c.status,
                status_reason: c.status_reason,
                role: c.role.map(|r| r.as_str().to_owned()),
                submitted_at: c.submitted_at,
            })
            .collect(),
    ))
}
