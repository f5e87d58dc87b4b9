//! `PUT /api/v1/orders/{id}/lots`

use actix_web::{put, web};
use traceability::{PackingInput, PackingView};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::RequestLocale;
use crate::state::AppState;

/// Records the lot packed for lines of an order (members of its
/// cooperative), until it is shipped: each lot must be of the line's
/// listing (and variant) and not recalled. The buyer's order page and the
/// shipping e-mail link each lot's page.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "traceability",
    params(("id" = Uuid, Path)),
    request_body = PackingInput,
    responses(
        (status = 200, body = PackingView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`: the order has left"),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/orders/{id}/lots")]
pub async fn choose_lots(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<Uuid>,
    body: web::Json<PackingInput>,
    locale: RequestLocale,
) -> Result<web::Json<PackingView>, ApiError> {
    Ok(web::Json(
        state
            .traceability
            .choose_lots(&actor, path.into_inner(), &body, locale.0)
            .await?,
    ))
}
