//! Listing review: `GET /api/v1/moderation/products` ·
//! `POST /api/v1/moderation/products/{id}/{approve,reject,take-down}`

use actix_web::{get, post, web};
use catalog::listings::ListingDecision;
use kernel::ProductId;

use super::cooperatives::DecisionRequest;
use crate::auth::SignedIn;
use crate::error::{ApiError, ErrorBody, route_not_found_error};
use crate::routes::products::manage::{ListingFilters, ListingResponse, ListingRowResponse};
use crate::routes::views::{PageResponse, RequestLocale};
use crate::state::AppState;

/// Listings for union staff: with `status=pending_review` (the default)
/// the review queue, oldest first (new listings and edits of published
/// ones); with another status, every cooperative's listings in it.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(ListingFilters),
    responses(
        (status = 200, body = PageResponse<ListingRowResponse>),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[get("/moderation/products")]
pub async fn listing_queue(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    filters: web::Query<ListingFilters>,
    locale: RequestLocale,
) -> Result<web::Json<PageResponse<ListingRowResponse>>, ApiError> {
    let (mut filter, page) = filters.into_inner().parse()?;
    if filter.status.is_none() {
        filter.status = Some(catalog::listings::ListingStatus::PendingReview);
    }
    let rows = state.catalog.listing_queue(&actor, &filter, page).await?;
    Ok(web::Json(PageResponse::from_page(rows, |r| {
        ListingRowResponse::new(r, locale.0)
    })))
}

/// Decides about a listing: `approve` (publishes it, or its pending
/// edits), `reject` (reason required: a new listing goes back to its
/// cooperative, refused edits leave the published version as it is) or
/// `take-down` (reason required: out of the shop until reviewed again).
/// Audit-logged and e-mailed to the cooperative's owners and managers.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(("id" = ProductId, Path), ("action" = String, Path, description = "approve, reject or take-down")),
    request_body = DecisionRequest,
    responses(
        (status = 200, body = ListingResponse),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`"),
        (status = 422, body = ErrorBody, description = "reason missing"),
    )
)]
#[post("/moderation/products/{id}/{action}")]
pub async fn decide_listing(
    state: web::Data<AppState>,
    SignedIn(actor): SignedIn,
    path: web::Path<(ProductId, String)>,
    body: Option<web::Json<DecisionRequest>>,
    locale: RequestLocale,
) -> Result<web::Json<ListingResponse>, ApiError> {
    let (id, action) = path.into_inner();
    if !matches!(action.as_str(), "approve" | "reject" | "take-down") {
        return Err(route_not_found_error());
    }
    accounts::authorize(Some(&actor), accounts::Action::Moderate)?;
    let reason = body.and_then(|b| b.into_inner().reason);
    let decision = ListingDecision::parse(&action, reason.as_deref())?;
    state.catalog.decide_listing(&actor, id, decision).await?;
    let listing = state.catalog.listing(&actor, id).await?;
    Ok(web::Json(ListingResponse::new(listing, locale.0)))
}
