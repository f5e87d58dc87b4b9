//! A listing's pictures: `POST /api/v1/products/{id}/images` ·
//! `PATCH|DELETE /api/v1/products/{id}/images/{image_id}`

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, delete, patch, post, web};
use catalog::listings::Texts;
use kernel::{ImageId, ProductId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::multipart::{self, Limits};
use crate::state::AppState;

/// One picture per request, at most 10 MB.
pub const IMAGE_LIMITS: Limits = Limits {
    max_file_bytes: catalog::images::MAX_IMAGE_BYTES,
    max_files: 1,
    max_field_bytes: 16 * 1024,
};

/// The picture added.
#[derive(Serialize, ToSchema)]
pub struct ImageCreated {
    /// Its id.
    pub id: ImageId,
}

/// The alternative text fields of a picture upload (`alt_vi`, `alt_en`...).
pub fn alt_from(form: &multipart::MultipartForm) -> Texts {
    Texts {
        vi: form.text("alt_vi"),
        en: form.text("alt_en"),
        ja: form.text("alt_ja"),
        zh: form.text("alt_zh"),
    }
}

/// Adds a picture (multipart: file field `image`, JPEG, PNG or WebP by
/// content, at most 10 MB; text fields `alt_vi`, `alt_en`, `alt_ja`,
/// `alt_zh`). It is turned upright, stripped of EXIF and stored in three
/// sizes. A picture added to an approved listing waits for review.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path)),
    request_body(content_type = "multipart/form-data", content = Object),
    responses(
        (status = 201, body = ImageCreated),
        (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody, description = "`payload_too_large`"),
        (status = 415, body = ErrorBody, description = "`unsupported_media_type`: not a JPEG, PNG or WebP picture"),
        (status = 422, body = ErrorBody, description = "a picture that cannot be decoded, too many pixels, too many pictures"),
        (status = 503, body = ErrorBody, description = "`media_unavailable`: the store that keeps pictures does not answer; nothing was recorded, send it again"),
    )
)]
#[post("/products/{id}/images")]
pub async fn add_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<ProductId>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    state.catalog.check_can_manage_listing(&actor, id).await?;
    let form = multipart::read(&req, payload, IMAGE_LIMITS).await?;
    let Some(upload) = form.files_of("image").into_iter().next() else {
        return Err(ApiError::invalid(kernel::FieldErrors::single(
            "image",
            kernel::problem::picture_missing("image"),
        )));
    };
    let id = state
        .catalog
        .add_listing_image(&actor, id, upload.bytes, &alt_from(&form))
        .await?;
    Ok(HttpResponse::Created().json(ImageCreated { id }))
}

/// Changes to a picture.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImagePatch {
    /// Alternative text (`vi` required).
    pub alt: Option<Texts>,
    /// New place in the gallery, 0 first.
    #[serde(default, deserialize_with = "kernel::whole::option")]
    pub position: Option<i32>,
}

/// Changes a picture's alternative text or place in the gallery.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path), ("image_id" = ImageId, Path)),
    request_body = ImagePatch,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[patch("/products/{id}/images/{image_id}")]
pub async fn update_image(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(ProductId, ImageId)>,
    body: web::Json<ImagePatch>,
) -> Result<HttpResponse, ApiError> {
    let (id, image) = path.into_inner();
    state
        .catalog
        .update_listing_image(&actor, id, image, body.alt.as_ref(), body.position)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes a picture (at once, also from the shop).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path), ("image_id" = ImageId, Path)),
    responses((status = 204), (status = 404, body = ErrorBody))
)]
#[delete("/products/{id}/images/{image_id}")]
pub async fn remove_image(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(ProductId, ImageId)>,
) -> Result<HttpResponse, ApiError> {
    let (id, image) = path.into_inner();
    state
        .catalog
        .remove_listing_image(&actor, id, image)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
