//! `GET /api/v1/moderation/audit-log`

use actix_web::{get, web};
use catalog::moderation::AuditFilter;
use chrono::{DateTime, Utc};
use kernel::{FieldErrors, problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::cooperatives::applications::AuditEntryResponse;
use crate::routes::views::{PageParams, PageResponse};
use crate::state::AppState;

/// Filters of the audit log.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only this person's actions (user id).
    pub actor: Option<String>,
    /// Only actions starting with this, e.g. `cooperative.`.
    pub action: Option<String>,
    /// Only about this kind of thing, e.g. `cooperative`.
    pub target_type: Option<String>,
    /// Only about this one.
    pub target_id: Option<String>,
    /// From this time (RFC 3339) or date (YYYY-MM-DD).
    pub from: Option<String>,
    /// Before this time or date.
    pub to: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
    /// Items a page (at most 100).
    #[param(value_type = Option<u64>)]
    pub per_page: Option<String>,
}

/// A time from RFC 3339 or a date (midnight UTC).
pub fn parse_time(
    errors: &mut FieldErrors,
    field: &str,
    text: Option<&str>,
) -> Option<DateTime<Utc>> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) => date.and_hms_opt(0, 0, 0).map(|t| t.and_utc()),
        Err(_) => {
            errors.add(field, problem::not_a_date_or_time());
            None
        }
    }
}

impl AuditParams {
    /// The filter and page, or the fields that are wrong.
    pub fn parse(self) -> Result<(AuditFilter, kernel::PageRequest), ApiError> {
        let mut errors = FieldErrors::new();
        let page = PageParams {
            page: self.page,
            per_page: self.per_page,
        }
        .parse(&mut errors);
        let actor_id = match self
            .actor
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            Some(a) => match Uuid::parse_str(a) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("actor", problem::not_a_user_id());
                    None
                }
            },
            None => None,
        };
        let from = parse_time(&mut errors, "from", self.from.as_deref());
        let to = parse_time(&mut errors, "to", self.to.as_deref());
        errors.into_result(()).map_err(ApiError::invalid)?;
        Ok((
            AuditFilter {
                actor_id,
                action: self.action,
                target_type: self.target_type,
                target_id: self.target_id,
                from,
                to,
            },
            page,
        ))
    }
}

/// Who did what, when, why — newest first.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(AuditParams),
    responses((status = 200, body = PageResponse<AuditEntryResponse>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/moderation/audit-log")]
pub async fn audit_log(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    params: web::Query<AuditParams>,
) -> Result<web::Json<PageResponse<AuditEntryResponse>>, ApiError> {
    let (filter, page) = params.into_inner().parse()?;
    let entries = state.catalog.audit_log(&actor, &filter, page).await?;
    Ok(web::Json(PageResponse::from_page(entries, Into::into)))
}
