//! `GET /api/v1/categories`

use actix_web::{get, web};

use super::CategoryResponse;
use crate::error::ApiError;
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// The whole category tree.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "catalog",
    params(("locale" = Option<String>, Query, description = "vi, en, ja or zh")),
    responses((status = 200, body = Vec<CategoryResponse>))
)]
#[get("/categories")]
pub async fn list_categories(
    state: web::Data<AppState>,
    locale: RequestLocale,
) -> Result<web::Json<Vec<CategoryResponse>>, ApiError> {
    let tree = state.catalog.categories().await?;
    Ok(web::Json(
        tree.into_iter()
            .map(|n| CategoryResponse::new(n, locale.0))
            .collect(),
    ))
}
