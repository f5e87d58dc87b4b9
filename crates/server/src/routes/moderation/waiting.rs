//! `GET /api/v1/moderation/waiting`: what waits for union staff, counted.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// What waits for union staff.
#[derive(Serialize, ToSchema)]
pub struct WaitingResponse {
    /// In the catalogue: applications, listings, certifications, figures,
    /// failed e-mails.
    #[serde(flatten)]
    pub catalogue: catalog::waiting::CatalogueWaiting,
    /// On the money side: transfers to confirm, money held for buyers.
    #[serde(flatten)]
    pub money: orders::overview::MoneyWaiting,
    /// Lots recalled.
    pub recalls: i64,
    /// Reviews reported and not yet decided.
    pub reviews: i64,
}

/// Counts of what waits for union staff, as on top of `/moderation`.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    responses((status = 200, body = WaitingResponse), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/moderation/waiting")]
pub async fn waiting(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
) -> Result<web::Json<WaitingResponse>, ApiError> {
    let w = market::waiting(state.market(), &actor).await?;
    Ok(web::Json(WaitingResponse {
        catalogue: w.catalogue,
        money: w.money,
        recalls: w.recalls,
        reviews: w.reviews,
    }))
}
