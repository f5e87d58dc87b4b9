//! `GET /api/v1/moderation/reports/monthly?month=YYYY-MM`: the monthly
//! report for the city's authorities, in Vietnamese, as PDF.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The month.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MonthParams {
    /// `YYYY-MM` (Vietnam time).
    pub month: Option<String>,
}

/// The month's figures as a PDF report in Vietnamese for the city's
/// authorities: sales per cooperative, category, province, country and
/// payment method, delivery time, new cooperatives and listings, scans,
/// expiring certifications, members, jobs and incomes (union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(MonthParams),
    responses((status = 200, description = "the PDF", content_type = "application/pdf"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/moderation/reports/monthly")]
pub async fn monthly_report(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    params: web::Query<MonthParams>,
) -> Result<HttpResponse, ApiError> {
    let month = market::parse_month(params.month.as_deref()).map_err(ApiError::invalid)?;
    let pdf = market::report::monthly_report_pdf(state.market(), &actor, month).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"bao-cao-thang-{}.pdf\"",
                month.from.format("%Y-%m")
            ),
        ))
        .body(pdf))
}
