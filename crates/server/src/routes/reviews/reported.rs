//! `GET /api/v1/moderation/reviews`

use actix_web::{get, web};
use kernel::{FieldErrors, Page};
use orders::reviews::ReviewView;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::PageParams;
use crate::state::AppState;

/// Reviews with reports to resolve, newest first (union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(PageParams),
    responses(
        (status = 200, body = Page<ReviewView>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/moderation/reviews")]
pub async fn reported_reviews(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    params: web::Query<PageParams>,
) -> Result<web::Json<Page<ReviewView>>, ApiError> {
    let mut errors = FieldErrors::default();
    let page = params.parse(&mut errors);
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(web::Json(
        state.orders.reported_reviews(&actor, page).await?,
    ))
}
