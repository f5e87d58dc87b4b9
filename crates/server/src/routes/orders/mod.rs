//! The cart, checkout and orders: `/cart`, `/checkout`, `/orders`, a
//! cooperative's `/cooperatives/{id}/orders` and union staff's
//! `/moderation/orders`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chrono::NaiveDate;
use kernel::{CooperativeId, FieldErrors, Page, VariantId, problem};
use orders::lifecycle::TransitionInput;
use orders::{CartView, CheckoutInput, CheckoutReceipt, OrderFilter, OrderStatus, OrderView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{ClientInfo, SignedIn, Viewer};
use crate::cart_cookie;
use crate::error::{ApiError, ErrorBody};
use crate::order_access::{self, ACCESS_HEADER};
use crate::routes::views::PageParams;
use crate::state::AppState;

pub mod release;

/// The header that makes a checkout safe to retry.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// A product to put in the cart.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddToCart {
    /// The variant.
    pub variant_id: VariantId,
    /// How many (default 1; the variant's minimum order applies).
    #[serde(default = "one", deserialize_with = "kernel::whole::deserialize")]
    pub quantity: i32,
}

fn one() -> i32 {
    1
}

/// A new quantity for a cart line.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetQuantity {
    /// 1 to 999.
    #[serde(deserialize_with = "kernel::whole::deserialize")]
    pub quantity: i32,
}

pub(crate) fn with_cookie(
    mut response: HttpResponse,
    cookie: Option<actix_web::cookie::Cookie<'static>>,
) -> HttpResponse {
    if let Some(cookie) = cookie {
        let _ = response.add_cookie(&cookie);
    }
    response
}

/// The cart: lines by cooperative with prices as they are now, and what
/// stops a line from being bought (unpublished, sold out, not enough).
#[utoipa::path(context_path = "/api/v1", tag = "orders", responses((status = 200, body = CartView)))]
#[get("/cart")]
pub async fn get_cart(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
) -> Result<web::Json<CartView>, ApiError> {
    let cart = match cart_cookie::owner(&req, &viewer.0) {
        Some(owner) => state.orders.cart(&owner).await?,
        None => CartView::default(),
    };
    Ok(web::Json(cart))
}

/// Puts a product in the cart (a guest gets the cart cookie).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    request_body = AddToCart,
    responses(
        (status = 200, body = CartView),
        (status = 409, body = ErrorBody, description = "`product_unavailable`"),
        (status = 422, body = ErrorBody, description = "quantity out of range"),
    )
)]
#[post("/cart/items")]
pub async fn add_to_cart(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    body: web::Json<AddToCart>,
) -> Result<HttpResponse, ApiError> {
    let (owner, cookie) = cart_cookie::owner_or_new(&req, &viewer.0, state.auth.secure_cookies)?;
    let cart = state
        .orders
        .add_to_cart(&owner, body.variant_id, body.quantity)
        .await?;
    Ok(with_cookie(HttpResponse::Ok().json(cart), cookie))
}

/// Changes a line's quantity.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    request_body = SetQuantity,
    responses(
        (status = 200, body = CartView),
        (status = 404, body = ErrorBody, description = "`cart_item_not_found`"),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/cart/items/{id}")]
pub async fn update_cart_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: web::Path<Uuid>,
    body: web::Json<SetQuantity>,
) -> Result<web::Json<CartView>, ApiError> {
    let owner = cart_cookie::owner(&req, &viewer.0).ok_or(orders::Error::CartItemNotFound)?;
    Ok(web::Json(
        state
            .orders
            .set_cart_quantity(&owner, id.into_inner(), body.quantity)
            .await?,
    ))
}

/// Removes a line.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    responses((status = 200, body = CartView), (status = 404, body = ErrorBody))
)]
#[delete("/cart/items/{id}")]
pub async fn remove_cart_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: web::Path<Uuid>,
) -> Result<web::Json<CartView>, ApiError> {
    let owner = cart_cookie::owner(&req, &viewer.0).ok_or(orders::Error::CartItemNotFound)?;
    Ok(web::Json(
        state
            .orders
            .remove_from_cart(&owner, id.into_inner())
            .await?,
    ))
}

/// Checks out the cart: one payment, one order per cooperative. Send an
/// `Idempotency-Key` header: the same key with the same body answers the
/// first result again and orders nothing new; with another body it is 409
/// `idempotency_key_reused`.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    request_body = CheckoutInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "1 to 255 characters, unique per checkout attempt")),
    responses(
        (status = 201, body = CheckoutReceipt),
        (status = 409, body = ErrorBody, description = "`insufficient_stock`, `cart_empty`, `cart_changed`, `idempotency_key_reused`"),
        (status = 422, body = ErrorBody, description = "contact, address or payment method, per field"),
    )
)]
#[post("/checkout")]
pub async fn checkout(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    body: web::Json<CheckoutInput>,
) -> Result<HttpResponse, ApiError> {
    let owner = cart_cookie::owner(&req, &viewer.0).ok_or(orders::Error::CartEmpty)?;
    let key = req
        .headers()
        .get(IDEMPOTENCY_KEY)
        .map(|v| v.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| {
            ApiError::invalid(FieldErrors::single(
                IDEMPOTENCY_KEY,
                problem::not_visible_ascii(),
            ))
        })?;
    let receipt = state
        .orders
        .checkout(&owner, viewer.0.actor.as_ref(), &body, key.as_deref())
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/checkouts/{}", receipt.checkout_id),
        ))
        .json(receipt))
}

/// Paging and filters of order lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderListParams {
    /// Only orders in this status.
    pub status: Option<String>,
    /// Placed on or after this day (YYYY-MM-DD, Vietnam time).
    pub from: Option<String>,
    /// Placed on or before this day (YYYY-MM-DD).
    pub to: Option<String>,
    /// Number, buyer name or e-mail containing this (staff).
    pub q: Option<String>,
    /// 1-based page number.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
    /// Items a page.
    #[param(value_type = Option<u64>)]
    pub per_page: Option<String>,
}

impl OrderListParams {
    /// The filter and page, with every bad value named.
    pub fn parse(self) -> Result<(OrderFilter, kernel::PageRequest), ApiError> {
        let mut errors = FieldErrors::new();
        let page = PageParams {
            page: self.page,
            per_page: self.per_page,
        }
        .parse(&mut errors);
        let non_empty =
            |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let status = non_empty(self.status).and_then(|s| {
            let parsed = OrderStatus::parse(&s);
            if parsed.is_none() {
                errors.add(
                    "status",
                    problem::not_one_of(&[
                        "pending_payment",
                        "confirmed",
                        "packed",
                        "shipped",
                        "delivered",
                        "completed",
                        "cancelled",
                    ]),
                );
            }
            parsed
        });
        let mut date = |field: &str, value: Option<String>| {
            non_empty(value).and_then(|v| {
                let parsed = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
                if parsed.is_none() {
                    errors.add(field, problem::not_a_date());
                }
                parsed
            })
        };
        let from = date("from", self.from);
        let to = date("to", self.to);
        let filter = OrderFilter {
            status,
            from,
            to,
            q: non_empty(self.q),
        };
        let page = errors.into_result(page).map_err(ApiError::invalid)?;
        Ok((filter, page))
    }
}

/// The signed-in buyer's orders, newest first.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    params(OrderListParams),
    responses((status = 200, body = Page<OrderView>), (status = 401, body = ErrorBody))
)]
#[get("/orders")]
pub async fn my_orders(
    state: web::Data<AppState>,
    actor: SignedIn,
    params: web::Query<OrderListParams>,
) -> Result<web::Json<Page<OrderView>>, ApiError> {
    let (_, page) = params.into_inner().parse()?;
    Ok(web::Json(state.orders.buyer_orders(&actor.0, page).await?))
}

/// How a guest proves an order is theirs: the access token of its checkout
/// (given with the checkout's receipt as `access_token`, and by the order
/// look-up in the `X-Order-Access` header), sent as `X-Order-Access`; or,
/// for older clients, the order's e-mail address (which ends up in logs:
/// prefer the token).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GuestProof {
    /// The e-mail address the order was placed with.
    pub email: Option<String>,
}

/// One of the buyer's orders with its timeline (a guest sends its
/// `X-Order-Access` token).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    params(GuestProof, ("X-Order-Access" = Option<String>, Header, description = "a guest's access token")),
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody))
)]
#[get("/orders/{id}")]
pub async fn get_order(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: web::Path<Uuid>,
    proof: web::Query<GuestProof>,
) -> Result<web::Json<OrderView>, ApiError> {
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens)
        .with_email(proof.email.as_deref());
    Ok(web::Json(
        state.orders.buyer_order(&proof, id.into_inner()).await?,
    ))
}

/// A guest's lookup by order number and e-mail.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupParams {
    /// The order number, e.g. HT-261126-7K2M9Q.
    pub number: Option<String>,
    /// The e-mail address it was placed with.
    pub email: Option<String>,
}

/// Finds an order by its number and the buyer's e-mail (for guests); the
/// answer's `X-Order-Access` header carries a token that opens the order
/// and its checkout from then on. Look-ups that find nothing are throttled
/// per number and address and per address, like sign-in: past the free
/// ones the address waits (429).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    params(LookupParams),
    responses(
        (status = 200, body = OrderView, headers(("X-Order-Access" = String, description = "the order's access token"))),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "`rate_limited`, with `Retry-After`"),
    )
)]
#[get("/orders/lookup")]
pub async fn lookup_order(
    state: web::Data<AppState>,
    client: ClientInfo,
    params: web::Query<LookupParams>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = FieldErrors::new();
    let number = params.number.as_deref().map(str::trim).unwrap_or_default();
    let email = params.email.as_deref().map(str::trim).unwrap_or_default();
    if number.is_empty() {
        errors.add("number", problem::enter_order_number());
    }
    if email.is_empty() {
        errors.add("email", problem::enter_order_email());
    }
    errors.into_result(()).map_err(ApiError::invalid)?;
    let (order, token) = state
        .accounts
        .throttled_lookup(
            &client.0,
            number,
            state.orders.guest_lookup(number, email),
            |err| matches!(err, orders::Error::OrderNotFound),
        )
        .await??;
    Ok(HttpResponse::Ok()
        .insert_header((ACCESS_HEADER, token))
        .json(order))
}

/// A buyer's cancellation.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CancelRequest {
    /// Why (optional).
    pub reason: Option<String>,
    /// A guest's proof for older clients: the order's e-mail address
    /// (prefer the `X-Order-Access` header).
    pub email: Option<String>,
}

/// The buyer cancels an order that is not packed yet; its stock goes back.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    request_body = CancelRequest,
    responses(
        (status = 200, body = OrderView),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`: already packed"),
    )
)]
#[post("/orders/{id}/cancel")]
pub async fn cancel_order(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: web::Path<Uuid>,
    body: Option<web::Json<CancelRequest>>,
) -> Result<web::Json<OrderView>, ApiError> {
    let body = body.map(web::Json::into_inner).unwrap_or_default();
    let id = id.into_inner();
    let tokens = order_access::tokens(&req);
    let proof =
        orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens).with_email(body.email.as_deref());
    state
        .orders
        .cancel_by_buyer(&proof, id, body.reason.as_deref())
        .await?;
    Ok(web::Json(state.orders.buyer_order(&proof, id).await?))
}

/// A cooperative's orders, newest first, filtered by status and dates.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    params(OrderListParams),
    responses((status = 200, body = Page<OrderView>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[get("/cooperatives/{id}/orders")]
pub async fn cooperative_orders(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    params: web::Query<OrderListParams>,
) -> Result<web::Json<Page<OrderView>>, ApiError> {
    let (filter, page) = params.into_inner().parse()?;
    Ok(web::Json(
        state
            .orders
            .cooperative_orders(&actor.0, CooperativeId(id.into_inner()), &filter, page)
            .await?,
    ))
}

/// A cooperative's orders as CSV, one row per line.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    params(OrderListParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody))
)]
#[get("/cooperatives/{id}/orders.csv")]
pub async fn export_orders(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    params: web::Query<OrderListParams>,
) -> Result<HttpResponse, ApiError> {
    let (filter, _) = params.into_inner().parse()?;
    let bytes = state
        .orders
        .export_csv(&actor.0, CooperativeId(id.into_inner()), &filter)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"orders.csv\"",
        ))
        .body(bytes))
}

/// One order, for the cooperative's members (and union staff, read-only).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody))
)]
#[get("/seller/orders/{id}")]
pub async fn seller_order(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
) -> Result<web::Json<OrderView>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .cooperative_order(&actor.0, id.into_inner())
            .await?,
    ))
}

/// The cooperative moves an order along: `packed`, `shipped` (with
/// `carrier` and `tracking`), `delivered`, `completed`, or `cancelled`
/// (with a `reason`). An illegal step is 409 `invalid_transition`; packing
/// or shipping a bank-transfer or card order before it is paid is 409
/// `payment_required` (cash on delivery ships unpaid; union staff may
/// release an order).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    request_body = TransitionInput,
    responses(
        (status = 200, body = OrderView),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`invalid_transition`, `order_changed`, `payment_required`"),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/orders/{id}/transition")]
pub async fn transition(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    body: web::Json<TransitionInput>,
) -> Result<web::Json<OrderView>, ApiError> {
    let id = id.into_inner();
    state.orders.transition(&actor.0, id, &body).await?;
    Ok(web::Json(
        state.orders.cooperative_order(&actor.0, id).await?,
    ))
}

/// The cooperative records the cash of a cash-on-delivery order.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    responses((status = 200, body = OrderView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/orders/{id}/cash-received")]
pub async fn cash_received(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
) -> Result<web::Json<OrderView>, ApiError> {
    let id = id.into_inner();
    state.orders.record_cash(&actor.0, id).await?;
    Ok(web::Json(
        state.orders.cooperative_order(&actor.0, id).await?,
    ))
}

/// Every order, for union staff (read-only), searchable by number, name or
/// e-mail.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(OrderListParams),
    responses((status = 200, body = Page<OrderView>), (status = 403, body = ErrorBody))
)]
#[get("/moderation/orders")]
pub async fn all_orders(
    state: web::Data<AppState>,
    actor: SignedIn,
    params: web::Query<OrderListParams>,
) -> Result<web::Json<Page<OrderView>>, ApiError> {
    let (filter, page) = params.into_inner().parse()?;
    Ok(web::Json(
        state.orders.all_orders(&actor.0, &filter, page).await?,
    ))
}

/// Union staff confirm that a checkout's bank transfer arrived.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    responses((status = 200, body = orders::money::Confirmed), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/moderation/checkouts/{id}/confirm-transfer")]
pub async fn confirm_transfer(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
) -> Result<web::Json<orders::money::Confirmed>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .confirm_transfer(&actor.0, id.into_inner())
            .await?,
    ))
}

/// A cooperative's shipping rules, all of them.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShippingRules {
    /// Flat fees, weight bands and free-shipping thresholds, per zone.
    pub rules: Vec<orders::shipping::ShippingRule>,
}

/// A cooperative's shipping rules. Inside Vietnam, without rules, the
/// market's default fee applies; abroad a parcel no rule covers is quoted by
/// the cooperative after the order.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    responses((status = 200, body = ShippingRules), (status = 404, body = ErrorBody))
)]
#[get("/cooperatives/{id}/shipping-rules")]
pub async fn get_shipping_rules(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
) -> Result<web::Json<ShippingRules>, ApiError> {
    let rules = state
        .orders
        .shipping_rules(&actor.0, CooperativeId(id.into_inner()))
        .await?;
    Ok(web::Json(ShippingRules { rules }))
}

/// Replaces a cooperative's shipping rules (managers and owners).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "orders",
    request_body = ShippingRules,
    responses(
        (status = 200, body = ShippingRules),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "per rule, e.g. `rules[1].max_grams`"),
    )
)]
#[put("/cooperatives/{id}/shipping-rules")]
pub async fn put_shipping_rules(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    body: web::Json<ShippingRules>,
) -> Result<web::Json<ShippingRules>, ApiError> {
    let rules = state
        .orders
        .set_shipping_rules(
            &actor.0,
            CooperativeId(id.into_inner()),
            body.into_inner().rules,
        )
        .await?;
    Ok(web::Json(ShippingRules { rules }))
}
