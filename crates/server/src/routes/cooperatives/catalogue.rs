//! A cooperative's catalogue as a spreadsheet, and its certifications:
//! `POST /api/v1/cooperatives/{id}/products/import` ·
//! `GET /api/v1/cooperatives/{id}/products/export.csv` ·
//! `POST|GET /api/v1/cooperatives/{id}/certifications` ·
//! `GET /api/v1/certifications/{id}/evidence` · `DELETE /api/v1/certifications/{id}`

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use catalog::certifications::{CertificationForm, CertificationRecord};
use catalog::listings::csv::{ImportReport, RowError};
use chrono::{DateTime, NaiveDate, Utc};
use kernel::{CertificationId, CooperativeId, FieldErrors, Problem, ProductId, problem};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::multipart::{self, Limits};
use crate::routes::views::CooperativeRefResponse;
use crate::state::AppState;

/// One CSV file of at most 5 MB.
pub const CSV_LIMITS: Limits = Limits {
    max_file_bytes: catalog::listings::csv::MAX_CSV_BYTES,
    max_files: 1,
    max_field_bytes: 1024,
};

/// One evidence file of at most 10 MB.
pub const EVIDENCE_LIMITS: Limits = Limits {
    max_file_bytes: catalog::uploads::MAX_DOCUMENT_BYTES,
    max_files: 1,
    max_field_bytes: 16 * 1024,
};

/// A problem of an imported file: its line and column, and the problem's
/// `code`, named arguments and English `message` (as in the error
/// envelope's `fields`).
#[derive(Serialize, ToSchema)]
pub struct RowErrorResponse {
    /// Line of the file (the header is line 1).
    pub line: u64,
    /// The column at fault.
    pub column: Option<String>,
    /// What is wrong.
    #[serde(flatten)]
    pub problem: Problem,
}

impl From<RowError> for RowErrorResponse {
    fn from(e: RowError) -> Self {
        Self {
            line: e.line,
            column: e.column,
            problem: e.problem,
        }
    }
}

/// What an import found or did.
#[derive(Serialize, ToSchema)]
pub struct ImportReportResponse {
    /// Only checked.
    pub dry_run: bool,
    /// Written.
    pub applied: bool,
    /// Data rows read.
    pub rows: u64,
    /// Listings in the file.
    pub listings: u64,
    /// New listings (drafts).
    pub created: u64,
    /// Known listings that change.
    pub updated: u64,
    /// Known listings left as they are.
    pub unchanged: u64,
    /// Every problem, by line.
    pub errors: Vec<RowErrorResponse>,
    /// The listings that are new (`create`) or change (`update`).
    pub changes: Vec<ChangeResponse>,
}

/// A listing an import creates or changes.
#[derive(Serialize, ToSchema)]
pub struct ChangeResponse {
    /// Its first line in the file.
    pub line: u64,
    /// Its handle.
    pub handle: String,
    /// `create` or `update`.
    pub action: String,
}

impl From<ImportReport> for ImportReportResponse {
    fn from(r: ImportReport) -> Self {
        Self {
            dry_run: r.dry_run,
            applied: r.applied,
            rows: r.rows,
            listings: r.listings,
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            errors: r.errors.into_iter().map(Into::into).collect(),
            changes: r
                .changes
                .into_iter()
                .map(|c| ChangeResponse {
                    line: c.line,
                    handle: c.handle,
                    action: c.action.to_owned(),
                })
                .collect(),
        }
    }
}

/// How to import.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true` to check the file without writing anything.
    #[param(value_type = Option<bool>)]
    pub dry_run: Option<String>,
}

/// The problems of a file as field problems keyed by line (`line 7`), for
/// the error envelope; the English message names the column first.
pub fn problems_by_line(errors: &[RowError]) -> FieldErrors {
    let mut fields = FieldErrors::new();
    for e in errors {
        let problem = match &e.column {
            Some(column) => e.problem.clone().in_context(column),
            None => e.problem.clone(),
        };
        fields.add(format!("line {}", e.line), problem);
    }
    fields
}

/// Imports the cooperative's catalogue from CSV (multipart field `file`;
/// columns in the README; one row per variant). With `dry_run=true` only
/// checks it and answers the report, problems included. Otherwise imports
/// it all or nothing: a file with problems answers 422 with every problem
/// under `fields`, keyed `line N`.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = CooperativeId, Path), ImportParams),
    request_body(content_type = "multipart/form-data", content = Object),
    responses(
        (status = 200, body = ImportReportResponse),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`import_rejected`: problems by line; nothing was written"),
    )
)]
#[post("/cooperatives/{id}/products/import")]
pub async fn import_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    params: web::Query<ImportParams>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let dry_run = match params.dry_run.as_deref().map(str::trim) {
        None | Some("" | "false" | "0") => false,
        Some("true" | "1") => true,
        Some(_) => {
            return Err(ApiError::invalid(FieldErrors::single(
                "dry_run",
                problem::not_one_of(&["true", "false"]),
            )));
        }
    };
    let coop = path.into_inner();
    state.catalog.check_can_manage_listings(&actor, coop)?;
    let form = multipart::read(&req, payload, CSV_LIMITS).await?;
    let Some(file) = form.files_of("file").into_iter().next() else {
        return Err(ApiError::invalid(FieldErrors::single(
            "file",
            problem::csv_file_missing("file"),
        )));
    };
    let report = state
        .catalog
        .import_csv(&actor, coop, &file.bytes, dry_run, &|_| {})
        .await?;
    if !dry_run && !report.errors.is_empty() {
        return Err(ApiError::invalid_as(
            "import_rejected",
            format!(
                "The file has {} problem(s); nothing was imported.",
                report.errors.len()
            ),
            problems_by_line(&report.errors),
        ));
    }
    Ok(HttpResponse::Ok().json(ImportReportResponse::from(report)))
}

/// The cooperative's catalogue as CSV (UTF-8 with a byte-order mark), one
/// row per variant; importing it again changes nothing.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = CooperativeId, Path)),
    responses((status = 200, description = "text/csv", content_type = "text/csv"), (status = 404, body = ErrorBody))
)]
#[get("/cooperatives/{id}/products/export.csv")]
pub async fn export_csv(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let bytes = state.catalog.export_csv(&actor, id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"catalogue-{id}.csv\""),
        ))
        .insert_header(("cache-control", "private, no-store"))
        .body(bytes))
}

/// A certification as its cooperative and union staff see it.
#[derive(Serialize, ToSchema)]
pub struct CertificationRecordResponse {
    /// Id.
    pub id: CertificationId,
    /// Holder.
    pub cooperative: CooperativeRefResponse,
    /// The one listing it covers.
    pub product_id: Option<ProductId>,
    /// That listing's title.
    pub product_title: Option<String>,
    /// `vietgap`, `ocop`, `organic` or `award`.
    pub kind: String,
    /// The award's or standard's name.
    pub name: Option<String>,
    /// Certificate number.
    pub number: Option<String>,
    /// Certifying body.
    pub issuer: Option<String>,
    /// OCOP level.
    pub level: Option<String>,
    /// OCOP stars.
    pub stars: Option<i16>,
    /// Issued.
    pub issued_on: Option<NaiveDate>,
    /// Expires.
    pub expires_on: Option<NaiveDate>,
    /// `pending`, `verified` or `rejected`.
    pub status: String,
    /// Why staff rejected it.
    pub review_note: Option<String>,
    /// When staff decided.
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The evidence file's name.
    pub evidence_filename: Option<String>,
    /// The expiry date has passed.
    pub expired: bool,
    /// Shoppers see its badge now.
    pub shown: bool,
    /// Sent.
    pub created_at: DateTime<Utc>,
}

impl From<CertificationRecord> for CertificationRecordResponse {
    fn from(c: CertificationRecord) -> Self {
        let (product_id, product_title) = c
            .product
            .map_or((None, None), |(id, t)| (Some(id), Some(t)));
        Self {
            id: c.id,
            cooperative: c.cooperative.into(),
            product_id,
            product_title,
            kind: c.kind.as_str().to_owned(),
            name: c.name,
            number: c.number,
            issuer: c.issuer,
            level: c.level,
            stars: c.stars,
            issued_on: c.issued_on,
            expires_on: c.expires_on,
            status: c.status.as_str().to_owned(),
            review_note: c.review_note,
            reviewed_at: c.reviewed_at,
            evidence_filename: c.evidence_filename,
            expired: c.expired,
            shown: c.shown,
            created_at: c.created_at,
        }
    }
}

/// The certification fields of a form.
pub fn certification_form(form: &multipart::MultipartForm) -> CertificationForm {
    CertificationForm {
        kind: form.text("kind"),
        product: form.text("product"),
        name: form.text("name"),
        number: form.text("number"),
        issuer: form.text("issuer"),
        level: form.text("level"),
        stars: form.text("stars"),
        issued_on: form.text("issued_on"),
        expires_on: form.text("expires_on"),
    }
}

/// Sends a certification for verification (multipart: `kind` = vietgap,
/// ocop, organic or award; `product` (slug or id, empty for the whole
/// cooperative), `name`, `number`, `issuer`, `level`, `stars`,
/// `issued_on`, `expires_on` as YYYY-MM-DD; the file `evidence`: PDF,
/// JPEG or PNG up to 10 MB). VietGAP lasts at most 2 years, OCOP 36
/// months, organic 3 years.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "certifications",
    params(("id" = CooperativeId, Path)),
    request_body(content_type = "multipart/form-data", content = Object),
    responses(
        (status = 201, body = CertificationRecordResponse),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "fields named"),
        (status = 503, body = ErrorBody, description = "`media_unavailable`: the store that keeps documents does not answer; nothing was recorded, send it again"),
    )
)]
#[post("/cooperatives/{id}/certifications")]
pub async fn add_certification(
    req: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let coop = path.into_inner();
    state.catalog.check_can_manage_listings(&actor, coop)?;
    let form = multipart::read(&req, payload, EVIDENCE_LIMITS).await?;
    let evidence = form.files_of("evidence").into_iter().next();
    let id = state
        .catalog
        .add_certification(&actor, coop, &certification_form(&form), evidence)
        .await?;
    let record = state.catalog.certification(&actor, id).await?;
    Ok(HttpResponse::Created().json(CertificationRecordResponse::from(record)))
}

/// The cooperative's certifications in every state (members and staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "certifications",
    params(("id" = CooperativeId, Path)),
    responses((status = 200, body = Vec<CertificationRecordResponse>), (status = 404, body = ErrorBody))
)]
#[get("/cooperatives/{id}/certifications")]
pub async fn list_certifications(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
) -> Result<web::Json<Vec<CertificationRecordResponse>>, ApiError> {
    let records = state
        .catalog
        .cooperative_certifications(&actor, path.into_inner())
        .await?;
    Ok(web::Json(records.into_iter().map(Into::into).collect()))
}

/// The evidence file (members of the holder and union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "certifications",
    params(("id" = CertificationId, Path)),
    responses(
        (status = 200, description = "the file"),
        (status = 404, body = ErrorBody),
        (status = 503, body = ErrorBody, description = "`media_unavailable`: the store that keeps documents does not answer"),
    )
)]
#[get("/certifications/{id}/evidence")]
pub async fn certification_evidence(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CertificationId>,
) -> Result<HttpResponse, ApiError> {
    let (filename, content_type, bytes) = state
        .catalog
        .certification_evidence(&actor, path.into_inner())
        .await?;
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

/// Withdraws a certification (its badge goes at once).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "certifications",
    params(("id" = CertificationId, Path)),
    responses((status = 204), (status = 404, body = ErrorBody))
)]
#[delete("/certifications/{id}")]
pub async fn delete_certification(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CertificationId>,
) -> Result<HttpResponse, ApiError> {
    state
        .catalog
        .delete_certification(&actor, path.into_inner())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
