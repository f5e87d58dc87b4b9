//! `GET /api/v1/orders/{id}/items/{item}/calendar.ics`

use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use uuid::Uuid;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::order_access;
use crate::routes::orders::GuestProof;
use crate::state::AppState;

/// A booked line of the buyer's order as a calendar event (`.ics`, time
/// zone Asia/Ho_Chi_Minh). A guest sends its `X-Order-Access` token, as
/// for the order.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "bookings",
    params(("id" = Uuid, Path), ("item" = Uuid, Path), GuestProof, ("X-Order-Access" = Option<String>, Header, description = "a guest's access token")),
    responses(
        (status = 200, content_type = "text/calendar", body = String),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/orders/{id}/items/{item}/calendar.ics")]
pub async fn calendar_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
    proof: web::Query<GuestProof>,
) -> Result<HttpResponse, ApiError> {
    let (order, item) = path.into_inner();
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens)
        .with_email(proof.email.as_deref());
    let (file, ics) = state.orders.booking_calendar(&proof, order, item).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(ics))
}
