//! `GET /api/v1/moderation/dashboard`: the market in figures for a period.

use actix_web::{get, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// The period the figures are for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodParams {
    /// `this_month` (the default), `last_month`, `this_year` or `custom`
    /// (Vietnam time).
    pub period: Option<String>,
    /// For `custom`: the first day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// For `custom`: the last day included, `YYYY-MM-DD`.
    pub to: Option<String>,
}

impl PeriodParams {
    /// The period, or the fields' problems.
    pub fn parse(&self) -> Result<kernel::time::Period, ApiError> {
        market::parse_period(
            self.period.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
            kernel::time::today_in_vietnam(Utc::now()),
        )
        .map_err(ApiError::invalid)
    }
}

/// The market in figures for a period: sales (GMV) and orders per
/// cooperative, category, month, province and country, the export desk,
/// payment methods, delivery time, new cooperatives and listings,
/// certifications expiring in 60 days, traceability scans, and the members,
/// jobs and incomes of the verified cooperative figures (union staff).
/// Sales are orders paid or accepted on cash on delivery, not cancelled.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(PeriodParams),
    responses((status = 200, body = market::Dashboard), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/moderation/dashboard")]
pub async fn dashboard(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    RequestLocale(locale): RequestLocale,
    params: web::Query<PeriodParams>,
) -> Result<web::Json<market::Dashboard>, ApiError> {
    let period = params.parse()?;
    let figures = market::dashboard(state.market(), &actor, period, locale).await?;
    Ok(web::Json(figures))
}
