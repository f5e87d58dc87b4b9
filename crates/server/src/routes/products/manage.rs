//! Listings as their cooperative keeps them:
//! `POST|GET /api/v1/cooperatives/{id}/products` · `GET /api/v1/products/{id}/listing` ·
//! `PATCH|DELETE /api/v1/products/{id}` · `POST /api/v1/products/{id}/{submit,unpublish,discard-changes}`

use actix_web::{HttpResponse, delete, get, patch, post, web};
use catalog::listings::{
    ContentView, ListingFilter, ListingInput, ListingPatch, ListingRow, ListingStatus,
    SellerListing,
};
use chrono::{DateTime, Utc};
use kernel::{CooperativeId, FieldErrors, I18nText, Locale, Money, ProductId, problem};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::VariantResponse;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody};
use crate::routes::views::{
    CategoryRefResponse, CooperativeRefResponse, ImageResponse, PageParams, PageResponse,
    RequestLocale,
};
use crate::state::AppState;

/// What a listing says (the live version, or edits waiting for review).
#[derive(Serialize, ToSchema)]
pub struct ListingContentResponse {
    /// Title in every language written.
    pub title: I18nText,
    /// Summary.
    pub summary: I18nText,
    /// Description, Markdown.
    pub description: I18nText,
    /// Description as sanitised HTML.
    pub description_html: I18nText,
    /// Care instructions.
    pub care: Option<I18nText>,
    /// Category.
    pub category: Option<CategoryRefResponse>,
    /// Tags.
    pub tags: Vec<String>,
    /// Commune of origin.
    pub origin_commune: Option<String>,
    /// Province of origin.
    pub origin_province: Option<String>,
    /// The household or artisan who made it.
    pub maker: Option<String>,
}

impl ListingContentResponse {
    fn new(c: ContentView, locale: Locale) -> Self {
        Self {
            title: c.title,
            summary: c.summary,
            description: c.description,
            description_html: c.description_html,
            care: c.care,
            category: c.category.map(|c| CategoryRefResponse::new(c, locale)),
            tags: c.tags,
            origin_commune: c.origin_commune,
            origin_province: c.origin_province,
            maker: c.maker,
        }
    }
}

/// A picture of a listing, with its review state.
#[derive(Serialize, ToSchema)]
pub struct ListingImageResponse {
    /// The picture.
    #[serde(flatten)]
    pub image: ImageResponse,
    /// Added to an approved listing and not yet reviewed (not in the shop).
    pub pending: bool,
    /// Place in the gallery.
    pub position: i32,
}

/// A listing in full, for its cooperative and union staff.
#[derive(Serialize, ToSchema)]
pub struct ListingResponse {
    /// Id.
    pub id: ProductId,
    /// URL name (the shop's page is `/products/{slug}`).
    pub slug: String,
    /// `draft`, `pending_review`, `published`, `unpublished` or `rejected`.
    pub status: String,
    /// Why it was rejected or taken down, or why its edits were refused.
    pub status_reason: Option<String>,
    /// Taken down by union staff (only a review brings it back).
    pub taken_down: bool,
    /// In the union's review queue.
    pub awaiting_review: bool,
    /// When it last entered the queue.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When it was first published.
    pub published_at: Option<DateTime<Utc>>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// The seller.
    pub cooperative: CooperativeRefResponse,
    /// What it says now (what the shop shows, once published).
    pub content: ListingContentResponse,
    /// Edits of an approved listing waiting for review.
    pub pending: Option<ListingContentResponse>,
    /// Variants (their changes are live at once).
    pub variants: Vec<VariantResponse>,
    /// Pictures, pending ones included.
    pub images: Vec<ListingImageResponse>,
    /// What it lacks before review: `category`, `variants`, `images`.
    pub missing_for_review: Vec<String>,
}

impl ListingResponse {
    /// Shapes a listing.
    pub fn new(l: SellerListing, locale: Locale) -> Self {
        Self {
            id: l.id,
            slug: l.slug,
            status: l.status.as_str().to_owned(),
            status_reason: l.status_reason,
            taken_down: l.taken_down,
            awaiting_review: l.awaiting_review,
            submitted_at: l.submitted_at,
            published_at: l.published_at,
            updated_at: l.updated_at,
            cooperative: l.cooperative.into(),
            content: ListingContentResponse::new(l.content, locale),
            pending: l.pending.map(|p| ListingContentResponse::new(p, locale)),
            variants: l.variants.into_iter().map(Into::into).collect(),
            images: l
                .images
                .into_iter()
                .map(|i| ListingImageResponse {
                    image: ImageResponse::new(i.image, locale),
                    pending: i.pending,
                    position: i.position,
                })
                .collect(),
            missing_for_review: l.missing_for_review,
        }
    }
}

/// A listing in a list.
#[derive(Serialize, ToSchema)]
pub struct ListingRowResponse {
    /// Id.
    pub id: ProductId,
    /// URL name.
    pub slug: String,
    /// Title in the request's locale (the pending one, if edits wait).
    pub title: String,
    /// Status.
    pub status: String,
    /// Why it was rejected or taken down.
    pub status_reason: Option<String>,
    /// In the review queue.
    pub awaiting_review: bool,
    /// Text edits wait for review.
    pub has_pending_changes: bool,
    /// Taken down by staff.
    pub taken_down: bool,
    /// The seller.
    pub cooperative: CooperativeRefResponse,
    /// Lowest price.
    pub price_min: Option<Money>,
    /// Highest price.
    pub price_max: Option<Money>,
    /// Units on hand over all variants.
    pub units_in_stock: i64,
    /// Variants.
    pub variant_count: u32,
    /// First picture.
    pub image: Option<ImageResponse>,
    /// When it last entered the review queue.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl ListingRowResponse {
    /// Shapes a row.
    pub fn new(r: ListingRow, locale: Locale) -> Self {
        Self {
            id: r.id,
            slug: r.slug,
            title: r.title.get(locale).to_owned(),
            status: r.status.as_str().to_owned(),
            status_reason: r.status_reason,
            awaiting_review: r.awaiting_review,
            has_pending_changes: r.has_pending_changes,
            taken_down: r.taken_down,
            cooperative: r.cooperative.into(),
            price_min: r.price_min,
            price_max: r.price_max,
            units_in_stock: r.units_in_stock,
            variant_count: r.variant_count,
            image: r.image.map(|i| ImageResponse::new(i, locale)),
            submitted_at: r.submitted_at,
            updated_at: r.updated_at,
        }
    }
}

/// Filters of a list of listings.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListingFilters {
    /// Only this status (`pending_review`: in the review queue, edits of
    /// published listings included).
    pub status: Option<String>,
    /// Only listings whose title or tags contain every word.
    pub q: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
    /// Items a page (at most 100).
    #[param(value_type = Option<u64>)]
    pub per_page: Option<String>,
}

impl ListingFilters {
    /// The filter and page, or the problems.
    pub fn parse(self) -> Result<(ListingFilter, kernel::PageRequest), ApiError> {
        let mut errors = FieldErrors::new();
        let page = PageParams {
            page: self.page,
            per_page: self.per_page,
        }
        .parse(&mut errors);
        let status = self.status.filter(|s| !s.trim().is_empty()).and_then(|s| {
            let status = ListingStatus::parse(s.trim());
            if status.is_none() {
                errors.add(
                    "status",
                    problem::not_one_of(&[
                        "draft",
                        "pending_review",
                        "published",
                        "unpublished",
                        "rejected",
                    ]),
                );
            }
            status
        });
        let filter = ListingFilter {
            status,
            q: self.q.filter(|q| !q.trim().is_empty()),
        };
        errors
            .into_result((filter, page))
            .map_err(ApiError::invalid)
    }
}

/// Creates a draft listing (members of the cooperative). Problems are
/// named after the fields: `title.vi`, `variants[1].sku`...
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = CooperativeId, Path)),
    request_body = ListingInput,
    responses(
        (status = 201, body = ListingResponse),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "not a member of this cooperative"),
        (status = 422, body = ErrorBody, description = "fields named"),
    )
)]
#[post("/cooperatives/{id}/products")]
pub async fn create_listing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    body: web::Json<ListingInput>,
    locale: RequestLocale,
) -> Result<HttpResponse, ApiError> {
    let id = state
        .catalog
        .create_listing(&actor, path.into_inner(), &body)
        .await?;
    let listing = state.catalog.listing(&actor, id).await?;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/api/v1/products/{id}/listing")))
        .json(ListingResponse::new(listing, locale.0)))
}

/// A cooperative's listings in every status, last changed first (members
/// and union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = CooperativeId, Path), ListingFilters),
    responses(
        (status = 200, body = PageResponse<ListingRowResponse>),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/cooperatives/{id}/products")]
pub async fn cooperative_listings(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<CooperativeId>,
    filters: web::Query<ListingFilters>,
    locale: RequestLocale,
) -> Result<web::Json<PageResponse<ListingRowResponse>>, ApiError> {
    let (filter, page) = filters.into_inner().parse()?;
    let rows = state
        .catalog
        .cooperative_listings(&actor, path.into_inner(), &filter, page)
        .await?;
    Ok(web::Json(PageResponse::from_page(rows, |r| {
        ListingRowResponse::new(r, locale.0)
    })))
}

/// A listing whatever its status, with edits waiting for review (members
/// of its cooperative and union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path)),
    responses((status = 200, body = ListingResponse), (status = 404, body = ErrorBody))
)]
#[get("/products/{id}/listing")]
pub async fn get_listing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<ProductId>,
    locale: RequestLocale,
) -> Result<web::Json<ListingResponse>, ApiError> {
    let listing = state.catalog.listing(&actor, path.into_inner()).await?;
    Ok(web::Json(ListingResponse::new(listing, locale.0)))
}

/// Changes a listing: the fields given replace the current ones;
/// `variants`, when given, is the whole new set (matched by `id`, else by
/// SKU). Variant changes are live at once; text changes of an approved
/// listing wait for review while the shop keeps the approved version.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path)),
    request_body = ListingPatch,
    responses(
        (status = 200, body = ListingResponse),
        (status = 404, body = ErrorBody, description = "not a listing of the caller's cooperatives"),
        (status = 422, body = ErrorBody, description = "fields named"),
    )
)]
#[patch("/products/{id}")]
pub async fn update_listing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<ProductId>,
    body: web::Json<ListingPatch>,
    locale: RequestLocale,
) -> Result<web::Json<ListingResponse>, ApiError> {
    let id = path.into_inner();
    state
        .catalog
        .update_listing(&actor, id, body.into_inner())
        .await?;
    let listing = state.catalog.listing(&actor, id).await?;
    Ok(web::Json(ListingResponse::new(listing, locale.0)))
}

/// Deletes a listing that is neither in the shop nor waiting for review.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path)),
    responses(
        (status = 204),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`: take it down first"),
    )
)]
#[delete("/products/{id}")]
pub async fn delete_listing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<ProductId>,
) -> Result<HttpResponse, ApiError> {
    state
        .catalog
        .delete_listing(&actor, path.into_inner())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a listing for review (it needs a category, a variant and a
/// picture), or puts an unpublished, unchanged listing back in the shop.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path)),
    responses(
        (status = 200, body = ListingResponse),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`"),
        (status = 422, body = ErrorBody, description = "what is missing, by field"),
    )
)]
#[post("/products/{id}/submit")]
pub async fn submit_listing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<ProductId>,
    locale: RequestLocale,
) -> Result<web::Json<ListingResponse>, ApiError> {
    let id = path.into_inner();
    state.catalog.submit_listing(&actor, id).await?;
    let listing = state.catalog.listing(&actor, id).await?;
    Ok(web::Json(ListingResponse::new(listing, locale.0)))
}

/// Takes a listing out of the shop (or out of the review queue).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path)),
    responses(
        (status = 200, body = ListingResponse),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`"),
    )
)]
#[post("/products/{id}/unpublish")]
pub async fn unpublish_listing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<ProductId>,
    locale: RequestLocale,
) -> Result<web::Json<ListingResponse>, ApiError> {
    let id = path.into_inner();
    state.catalog.unpublish_listing(&actor, id).await?;
    let listing = state.catalog.listing(&actor, id).await?;
    Ok(web::Json(ListingResponse::new(listing, locale.0)))
}

/// Drops edits and pictures waiting for review; the shop keeps the
/// approved version.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "listings",
    params(("id" = ProductId, Path)),
    responses(
        (status = 200, body = ListingResponse),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "nothing waits for review"),
    )
)]
#[post("/products/{id}/discard-changes")]
pub async fn discard_changes(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<ProductId>,
    locale: RequestLocale,
) -> Result<web::Json<ListingResponse>, ApiError> {
    let id = path.into_inner();
    state.catalog.discard_listing_changes(&actor, id).await?;
    let listing = state.catalog.listing(&actor, id).await?;
    Ok(web::Json(ListingResponse::new(listing, locale.0)))
}
