//! `PUT /api/v1/products/{id}/experience`

use actix_web::{put, web};
use catalog::experiences::{ExperienceInput, ExperienceView};
use kernel::ProductId;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Makes one of the cooperative's listings an experience, or changes its
/// terms (its listing managers). The listing's first variant is the price
/// of an adult, or of the group with `per_group`.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path)),
    request_body = ExperienceInput,
    responses(
        (status = 200, body = ExperienceView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/products/{id}/experience")]
pub async fn set_experience(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<ExperienceInput>,
) -> Result<web::Json<ExperienceView>, ApiError> {
    Ok(web::Json(
        state
            .catalog
            .set_experience(&actor, ProductId(path.into_inner()), &body)
            .await?,
    ))
}
