//! `POST /api/v1/orders/{id}/items/{item}/review`

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, post, web};
use orders::reviews::{MAX_PICTURES, ReviewInput, ReviewView};
use uuid::Uuid;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::multipart::{self, Limits};
use crate::order_access;
use crate::state::AppState;

/// What a review may hold: its two fields and up to four pictures.
pub const LIMITS: Limits = Limits {
    max_file_bytes: catalog::images::MAX_IMAGE_BYTES,
    max_files: MAX_PICTURES,
    max_field_bytes: 64 * 1024,
};

/// The buyer reviews one line of a delivered order, once: a
/// `multipart/form-data` body with `rating` (1 to 5), `body` (the text,
/// any language) and up to four `pictures` (JPEG, PNG or WebP; stored
/// upright, without EXIF). A guest sends its `X-Order-Access` token.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "reviews",
    params(("id" = Uuid, Path), ("item" = Uuid, Path), ("X-Order-Access" = Option<String>, Header, description = "a guest's access token")),
    request_body(content_type = "multipart/form-data", content = Object),
    responses(
        (status = 201, body = ReviewView),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`not_delivered_yet`, `already_reviewed`"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/orders/{id}/items/{item}/review")]
pub async fn write_review(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    path: web::Path<(Uuid, Uuid)>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (order, item) = path.into_inner();
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens);
    // refuse before reading megabytes the sender may not send
    state.orders.check_may_review(&proof, order).await?;
    let form = multipart::read(&req, payload, LIMITS).await?;
    let input = ReviewInput {
        rating: form.text("rating"),
        body: form.text("body"),
    };
    let review = state
        .orders
        .write_review(&proof, order, item, &input, form.files_of("pictures"))
        .await?;
    Ok(HttpResponse::Created().json(review))
}
