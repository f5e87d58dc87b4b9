//! `GET /api/v1/moderation/dashboard/{table}.csv`: one table of the
//! dashboard as CSV.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use super::dashboard::PeriodParams;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody, route_not_found_error};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// One table of the dashboard for a period as CSV: `cooperatives`,
/// `categories`, `months`, `provinces`, `countries`, `export_desk`,
/// `payment_methods`, `certifications` or `summary` (union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("table" = String, Path), PeriodParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/moderation/dashboard/{table}.csv")]
pub async fn dashboard_csv(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    RequestLocale(locale): RequestLocale,
    table: web::Path<String>,
    params: web::Query<PeriodParams>,
) -> Result<HttpResponse, ApiError> {
    let table = table.into_inner();
    let period = params.parse()?;
    let figures = market::dashboard(state.market(), &actor, period, locale).await?;
    let csv = market::csv(&figures, &table).ok_or_else(route_not_found_error)?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{table}-{}-{}.csv\"",
                figures.from, figures.to
            ),
        ))
        .body(csv))
}
