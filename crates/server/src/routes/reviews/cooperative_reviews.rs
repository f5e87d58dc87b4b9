//! `GET /api/v1/cooperatives/{id}/reviews`

use actix_web::{get, web};
use kernel::{CooperativeId, FieldErrors, Page};
use orders::reviews::ReviewView;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::PageParams;
use crate::state::AppState;

/// Every review of a cooperative's sales, hidden ones included, newest
/// first (its members who handle orders), to reply to.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path), PageParams),
    responses(
        (status = 200, body = Page<ReviewView>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/cooperatives/{id}/reviews")]
pub async fn cooperative_reviews(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    params: web::Query<PageParams>,
) -> Result<web::Json<Page<ReviewView>>, ApiError> {
    let mut errors = FieldErrors::default();
    let page = params.parse(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(web::Json(
        state
            .orders
            .cooperative_reviews(&actor, CooperativeId(path.into_inner()), page)
            .await?,
    ))
}
