//! Payments and the sellers' ledger: a checkout's payment with its VietQR
//! code, card payments through Stripe and Stripe's webhook, confirming a
//! payment by hand, refunds, a cooperative's ledger and payout account, and
//! union staff's payouts and bank-statement imports.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use kernel::{CooperativeId, FieldErrors, problem};
use orders::money::{
    CardPaymentView, Confirmed, LedgerView, PaymentView, PayoutAccount, PayoutBatchView,
    PayoutInput, PayoutsOverview, RefundInput, RefundView, StatementReport, WebhookOutcome,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{SignedIn, Viewer};
use crate::error::{ApiError, ErrorBody};
use crate::order_access;
use crate::routes::orders::{GuestProof, IDEMPOTENCY_KEY};
use crate::state::AppState;

/// The `Idempotency-Key` header, if any, as text.
pub fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, ApiError> {
    req.headers()
        .get(IDEMPOTENCY_KEY)
        .map(|v| v.to_str().map(str::to_owned))
        .transpose()
        .map_err(|_| {
            ApiError::invalid(FieldErrors::single(
                IDEMPOTENCY_KEY,
                problem::not_visible_ascii(),
            ))
        })
}

/// A checkout's payment; for a bank transfer, the VietQR code and the
/// account, amount and reference written out (a guest sends its
/// `X-Order-Access` token).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "payments",
    params(GuestProof, ("X-Order-Access" = Option<String>, Header, description = "a guest's access token")),
    responses((status = 200, body = PaymentView), (status = 404, body = ErrorBody))
)]
#[get("/checkouts/{id}/payment")]
pub async fn checkout_payment(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: web::Path<Uuid>,
    proof: web::Query<GuestProof>,
) -> Result<web::Json<PaymentView>, ApiError> {
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens)
        .with_email(proof.email.as_deref());
    Ok(web::Json(
        state
            .orders
            .checkout_payment(&proof, id.into_inner())
            .await?,
    ))
}

/// Starts (or reads back) the card payment of a checkout: Stripe's
/// PaymentIntent, made once per checkout with an idempotency key, and
/// where it stands (`paid`, `pending`, `requires_action` for 3-D Secure,
/// `failed` with the reason).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "payments",
    params(GuestProof, ("X-Order-Access" = Option<String>, Header, description = "a guest's access token")),
    responses(
        (status = 200, body = CardPaymentView),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`payment_method_disabled`: cards are not offered"),
        (status = 503, body = ErrorBody, description = "`payment_provider_unavailable`"),
    )
)]
#[post("/checkouts/{id}/card")]
pub async fn card_payment(
    state: web::Data<AppState>,
    req: HttpRequest,
    viewer: Viewer,
    id: web::Path<Uuid>,
    proof: web::Query<GuestProof>,
) -> Result<web::Json<CardPaymentView>, ApiError> {
    let tokens = order_access::tokens(&req);
    let proof = orders::BuyerProof::new(viewer.0.actor.as_ref(), &tokens)
        .with_email(proof.email.as_deref());
    Ok(web::Json(
        Box::pin(state.orders.card_payment(&proof, id.into_inner())).await?,
    ))
}

/// What the webhook did.
#[derive(Serialize, ToSchema)]
pub struct WebhookAnswer {
    /// Always true when answered 200.
    pub received: bool,
    /// The event was seen before and did nothing this time.
    pub duplicate: bool,
}

/// Stripe's webhook: `Stripe-Signature` verified here (HMAC-SHA256 over
/// `t.body`, 300 seconds' tolerance, any matching `v1` accepted); each event
/// id acts once.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "payments",
    request_body(content = Object, description = "A Stripe event"),
    params(("Stripe-Signature" = String, Header, description = "t=…,v1=…")),
    responses(
        (status = 200, body = WebhookAnswer),
        (status = 400, body = ErrorBody, description = "`invalid_signature`, `invalid_event`"),
    )
)]
#[post("/payments/stripe/webhook")]
pub async fn stripe_webhook(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<web::Json<WebhookAnswer>, ApiError> {
    let signature = req
        .headers()
        .get("Stripe-Signature")
        .and_then(|v| v.to_str().ok());
    let duplicate = match state.orders.stripe_webhook(signature, &body).await? {
        WebhookOutcome::ExportPayment(event) => !state.exports.stripe_event(&event).await?,
        outcome => matches!(outcome, WebhookOutcome::Duplicate),
    };
    Ok(web::Json(WebhookAnswer {
        received: true,
        duplicate,
    }))
}

/// Confirms a payment by hand: union staff, for a bank transfer that
/// reached the union's account (every order of its checkout is paid and
/// booked; an order cancelled meanwhile has its share held for the buyer),
/// or the cash of delivered cash-on-delivery orders; a cooperative, only
/// the cash of its own cash-on-delivery orders (a transfer is 403
/// `payment_confirmed_by_union`). With an `Idempotency-Key`, a retry
/// answers the first result again.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "payments",
    params(("Idempotency-Key" = Option<String>, Header, description = "1 to 255 characters")),
    responses(
        (status = 200, body = Confirmed),
        (status = 403, body = ErrorBody, description = "`payment_confirmed_by_union`"),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[post("/payments/{id}/confirm")]
pub async fn confirm_payment(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: SignedIn,
    id: web::Path<Uuid>,
) -> Result<web::Json<Confirmed>, ApiError> {
    let key = idempotency_key(&req)?;
    Ok(web::Json(
        state
            .orders
            .confirm_payment(&actor.0, id.into_inner(), key.as_deref())
            .await?,
    ))
}

/// Refunds an order in full (no amount) or in part: its cooperative or
/// union staff. Cards go back through Stripe; cash and transfers are sent
/// back by the union's bank. With an `Idempotency-Key`, a retry refunds
/// nothing more (one cut off by a crash is finished, not repeated).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "payments",
    request_body = RefundInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "1 to 255 characters")),
    responses(
        (status = 201, body = RefundView),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`order_not_paid`, `order_changed`, `payment_provider_refused`"),
        (status = 422, body = ErrorBody, description = "amount or reason"),
    )
)]
#[post("/orders/{id}/refunds")]
pub async fn refund_order(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: SignedIn,
    id: web::Path<Uuid>,
    body: web::Json<RefundInput>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let refund = Box::pin(
        state
            .orders
            .refund(&actor.0, id.into_inner(), &body, key.as_deref()),
    )
    .await?;
    Ok(HttpResponse::Created().json(refund))
}

/// A page number.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LedgerParams {
    /// 1-based page of 50 lines.
    #[param(value_type = Option<u64>)]
    pub page: Option<String>,
}

impl LedgerParams {
    fn page(&self) -> Result<u64, ApiError> {
        match self.page.as_deref().map(str::trim) {
            None => Ok(1),
            Some(p) => p
                .parse::<u64>()
                .ok()
                .filter(|p| *p >= 1 && *p <= 100_000)
                .ok_or_else(|| {
                    ApiError::invalid(FieldErrors::single("page", problem::whole_number_from(1)))
                }),
        }
    }
}

/// What the market owes a cooperative: its balance (sales − commission −
/// refunds − payouts) and its ledger lines, newest first (managers and
/// union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "payments",
    params(LedgerParams),
    responses((status = 200, body = LedgerView), (status = 404, body = ErrorBody))
)]
#[get("/cooperatives/{id}/ledger")]
pub async fn cooperative_ledger(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    params: web::Query<LedgerParams>,
) -> Result<web::Json<LedgerView>, ApiError> {
    let page = params.page()?;
    Ok(web::Json(
        state
            .orders
            .cooperative_ledger(&actor.0, CooperativeId(id.into_inner()), page)
            .await?,
    ))
}

/// Sets the bank account a cooperative's payouts go to (its managers).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "payments",
    request_body = PayoutAccount,
    responses((status = 200, body = PayoutAccount), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[put("/cooperatives/{id}/payout-account")]
pub async fn set_payout_account(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
    body: web::Json<PayoutAccount>,
) -> Result<web::Json<PayoutAccount>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .set_payout_account(&actor.0, CooperativeId(id.into_inner()), &body)
            .await?,
    ))
}

/// Who the market owes what, the latest payout batches, and the ledger's
/// trial balance (union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    responses((status = 200, body = PayoutsOverview), (status = 403, body = ErrorBody))
)]
#[get("/moderation/payouts")]
pub async fn payouts_overview(
    state: web::Data<AppState>,
    actor: SignedIn,
) -> Result<web::Json<PayoutsOverview>, ApiError> {
    Ok(web::Json(state.orders.payouts_overview(&actor.0).await?))
}

/// Records payouts as one bank-transfer batch (union staff): each at most
/// what the cooperative is owed; `all_owed` pays everyone everything owed.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    request_body = PayoutInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "1 to 255 characters")),
    responses(
        (status = 201, body = PayoutBatchView),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "an amount above what is owed, per line"),
    )
)]
#[post("/moderation/payouts")]
pub async fn record_payouts(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: SignedIn,
    body: web::Json<PayoutInput>,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req)?;
    let batch = state
        .orders
        .record_payouts(&actor.0, &body, key.as_deref())
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/moderation/payouts/{}", batch.id),
        ))
        .json(batch))
}

/// One payout batch (union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    responses((status = 200, body = PayoutBatchView), (status = 404, body = ErrorBody))
)]
#[get("/moderation/payouts/{id}")]
pub async fn payout_batch(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
) -> Result<web::Json<PayoutBatchView>, ApiError> {
    Ok(web::Json(
        state.orders.payout_batch(&actor.0, id.into_inner()).await?,
    ))
}

/// A payout batch as CSV for the bank's bulk transfer: bank BIN, account,
/// holder, amount, memo.
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody))
)]
#[get("/moderation/payouts/{id}/transfers.csv")]
pub async fn payout_batch_csv(
    state: web::Data<AppState>,
    actor: SignedIn,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let csv = state.orders.payout_batch_csv(&actor.0, id).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"payouts-{id}.csv\""),
        ))
        .body(csv))
}

/// Dry run or apply.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementParams {
    /// `true` to confirm the matched payments; otherwise only the report.
    pub apply: Option<bool>,
}

/// Reads a bank statement of the market's receiving account (CSV as the
/// request body; columns date, amount, description in Vietnamese or
/// English): matches credits to bank-transfer payments by reference and
/// amount, and reports what matched, what did not, what was paid twice and
/// what was imported before (union staff).
#[utoipa::path(
    context_path = "/api/v1",
    tag = "moderation",
    params(StatementParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = StatementReport), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[post("/moderation/bank-statements")]
pub async fn import_statement(
    state: web::Data<AppState>,
    actor: SignedIn,
    params: web::Query<StatementParams>,
    body: web::Bytes,
) -> Result<web::Json<StatementReport>, ApiError> {
    Ok(web::Json(
        state
            .orders
            .import_statement(&actor.0, &body, params.apply.unwrap_or(false))
            .await?,
    ))
}
