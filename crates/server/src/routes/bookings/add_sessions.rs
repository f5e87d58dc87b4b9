//! `POST /api/v1/products/{id}/sessions`

use actix_web::{HttpResponse, post, web};
use catalog::experiences::{ScheduleInput, SessionView};
use kernel::ProductId;
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Adds sessions to an experience: each chosen weekday between two dates
/// at each time (Vietnamese time), or one date; times that have a session
/// already are left as they are. Answers the sessions added.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path)),
    request_body = ScheduleInput,
    responses(
        (status = 201, body = Vec<SessionView>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/products/{id}/sessions")]
pub async fn add_sessions(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<ScheduleInput>,
) -> Result<HttpResponse, ApiError> {
    let added = state
        .catalog
        .add_sessions(&actor, ProductId(path.into_inner()), &body)
        .await?;
    Ok(HttpResponse::Created().json(added))
}
