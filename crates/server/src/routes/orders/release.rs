//! `POST /moderation/orders/{id}/release`: union staff let an order waiting
//! for its bank transfer or card be prepared before the money arrives.

use actix_web::{post, web};
use orders::{OrderView, ReleaseInput};
use uuid::Uuid;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Union staff release an unpaid order for fulfilment, with a reason
/// (audit-logged; the cooperative is e-mailed). It is confirmed, no longer
/// lapses, and may be packed and shipped; its money, when it arrives, is
/// applied to it as to any other.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    request_body = ReleaseInput,
    responses(
        (status = 200, body = OrderView),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`: it is not waiting for its money; `order_changed`"),
        (status = 422, body = ErrorBody, description = "`reason` is required"),
    )
)]
#[post("/moderation/orders/{id}/release")]
pub async fn release_order(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    body: web::Json<ReleaseInput>,
) -> Result<web::Json<OrderView>, ApiError> {
    let id = id.into_inner();
    state
        .orders
        .release_for_fulfilment(&actor.0, id, &body)
        .await?;
    Ok(web::Json(
        state.orders.cooperative_order(&actor.0, id).await?,
    ))
}
