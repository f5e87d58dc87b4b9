//! `GET /api/v1/cooperatives`

use actix_web::{get, web};
use kernel::FieldErrors;

use super::CooperativeResponse;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{PageParams, PageResponse, RequestLocale};
use crate::state::AppState;

/// Approved cooperatives, by name.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "cooperatives",
    params(PageParams, ("locale" = Option<String>, Query, description = "vi, en, ja or zh")),
    responses(
        (status = 200, body = PageResponse<CooperativeResponse>),
        (status = 422, body = ErrorBody, description = "bad paging"),
    )
)]
#[get("/cooperatives")]
pub async fn list_cooperatives(
    state: web::Data<AppState>,
    params: web::Query<PageParams>,
    locale: RequestLocale,
) -> Result<web::Json<PageResponse<CooperativeResponse>>, ApiError> {
    let mut errors = FieldErrors::new();
    let page = params.parse(&mut errors);
    let page = errors.into_result(page).map_err(ApiError::invalid)?;
    let cooperatives = state.catalog.list_cooperatives(page).await?;
    Ok(web::Json(PageResponse::from_page(cooperatives, |c| {
        CooperativeResponse::new(c, locale.0)
    })))
}
