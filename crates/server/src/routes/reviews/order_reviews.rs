//! `GET /api/v1/orders/{id}/reviews`

use actix_web::{HttpRequest, get, web};
use orders::reviews::write::OrderReviews;
use uuid::Uuid;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::order_access;
use crate::routes::orders::GuestProof;
use crate::state::AppState;

/// The lines of one of the buyer's orders with their reviews, and whether
/// they may be reviewed now (once delivered). A guest sends its
/// `X-Order-Access` token, as for the order.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path), GuestProof, ("X-Order-Access" = Option<String>, Header, description = "a guest's access token")),
    responses((status = 200, body = OrderReviews), (status = 404, body = ErrorBody))
)]
#[get("/orders/{id}/reviews")]
pub async fn order_reviews(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<Uuid>,
    proof: web::Query<GuestProof>,
) -> Result<web::Json<OrderReviews>, ApiError> {
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens)
        .with_email(proof.email.as_deref());
    Ok(web::Json(
        state
            .orders
            .order_reviews(&proof, path.into_inner())
            .await?,
    ))
}
