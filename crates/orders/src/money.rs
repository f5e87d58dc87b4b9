//! Money on orders: settling payments (cash recorded, a bank transfer
//! confirmed by hand or matched from a bank statement, a card paid through
//! Stripe), booking each paid order in the sellers' ledger with the union's
//! commission, refunds in full or in part, and payouts to cooperatives.
//!
//! Stripe is never called with a database transaction open: a refund
//! reserves its amount on the order and commits, calls Stripe with an
//! idempotency key derived from the refund's id, then records the answer.

use std::collections::HashMap;

use ::payments::ledger::{self, Booking, CommissionRates};
use ::payments::statement;
use ::payments::stripe::Intent;
use accounts::{Action, Actor, authorize};
use chrono::{DateTime, Utc};
use entity::{
    bank_statement_lines, categories, cooperatives, ledger_entries, ledger_transactions,
    order_items, orders, payments, payout_batches, payouts, products, refunds, stripe_events,
};
use kernel::{CooperativeId, FieldErrors, Money};
use notify::mail::{self, Recipient};
use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Error, OrderStatus, Orders, Result};

/// A refund, as people see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RefundView {
    /// Id.
    pub id: Uuid,
    /// The order.
    pub order_id: Uuid,
    /// How much.
    pub amount: Money,
    /// Why.
    pub reason: String,
    /// pending, succeeded or failed.
    pub status: String,
    /// card (back through Stripe) or bank_transfer (the union transfers it).
    pub channel: String,
    /// Why it failed.
    pub failure: Option<String>,
    /// Asked.
    pub created_at: DateTime<Utc>,
}

impl From<refunds::Model> for RefundView {
    fn from(r: refunds::Model) -> Self {
        Self {
            id: r.id,
            order_id: r.order_id,
            amount: Money::vnd(r.amount_vnd),
            reason: r.reason,
            status: r.status,
            channel: r.channel,
            failure: r.failure,
            created_at: r.created_at,
        }
    }
}

/// The refunds of some orders, oldest first.
pub(crate) async fn refunds_of<C: ConnectionTrait>(
    conn: &C,
    orders: &[Uuid],
) -> Result<HashMap<Uuid, Vec<RefundView>>> {
    let mut out: HashMap<Uuid, Vec<RefundView>> = HashMap::new();
    if orders.is_empty() {
        return Ok(out);
    }
    for r in refunds::Entity::find()
        .filter(refunds::Column::OrderId.is_in(orders.to_vec()))
        .order_by_asc(refunds::Column::CreatedAt)
        .all(conn)
        .await?
    {
        out.entry(r.order_id).or_default().push(r.into());
    }
    Ok(out)
}

/// A refund asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RefundInput {
    /// How much, in đồng; everything not yet refunded when left out.
    pub amount_vnd: Option<i64>,
    /// Why (told to the buyer).
    pub reason: String,
}

/// A payout to record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PayoutLine {
    /// The cooperative paid.
    pub cooperative_id: Uuid,
    /// How much, in đồng (at most what it is owed).
    pub amount_vnd: i64,
}

/// Payouts to record as one bank-transfer batch.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PayoutInput {
    /// The payouts; with `all_owed`, leave empty.
    pub payouts: Vec<PayoutLine>,
    /// Pay every cooperative everything it is owed.
    pub all_owed: bool,
    /// A note for the batch.
    pub note: Option<String>,
}

/// A payout recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PayoutView {
    /// Id.
    pub id: Uuid,
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Its name.
    pub cooperative_name: String,
    /// How much.
    pub amount: Money,
    /// Receiving bank's BIN, if the cooperative gave one.
    pub bank_bin: Option<String>,
    /// Receiving account.
    pub account: Option<String>,
    /// Account holder.
    pub account_name: Option<String>,
    /// The transfer's memo.
    pub memo: String,
}

/// A batch of payouts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PayoutBatchView {
    /// Id.
    pub id: Uuid,
    /// The note.
    pub note: Option<String>,
    /// Sum.
    pub total: Money,
    /// Its payouts.
    pub payouts: Vec<PayoutView>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// What the market owes one cooperative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OwedView {
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Its name.
    pub cooperative_name: String,
    /// Owed now (negative: the cooperative owes the market, after refunds).
    pub balance: Money,
    /// Whether it has given a bank account for payouts.
    pub has_payout_account: bool,
}

/// The payouts page: who is owed what, recent batches, and the ledger's
/// trial balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PayoutsOverview {
    /// Cooperatives owed money (or owing it), largest first.
    pub owed: Vec<OwedView>,
    /// The latest batches, newest first.
    pub batches: Vec<PayoutBatchView>,
    /// Sums of the ledger's accounts.
    pub trial_balance: ledger::TrialBalance,
}

/// A cooperative's ledger page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LedgerView {
    /// The cooperative.
    pub cooperative_id: Uuid,
    /// Its name.
    pub cooperative_name: String,
    /// Its sums.
    pub balance: ledger::Balance,
    /// A page of lines, newest first.
    pub lines: Vec<LedgerLineView>,
    /// Page number.
    pub page: u64,
    /// Lines in all.
    pub total: u64,
    /// Where payouts go.
    pub payout_account: Option<PayoutAccount>,
}

/// A ledger line with its order's number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LedgerLineView {
    /// The line.
    #[serde(flatten)]
    pub line: ledger::StatementLine,
    /// The order's number, for sales and refunds.
    pub order_number: Option<String>,
}

/// Where a cooperative's payouts go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PayoutAccount {
    /// The bank's 6-digit BIN (e.g. 970436 for Vietcombank).
    pub bank_bin: String,
    /// The account number.
    pub account: String,
    /// The account holder, as the bank writes it.
    pub account_name: String,
}

/// What reading a bank statement found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatementReport {
    /// Whether it was applied (false: a dry run).
    pub applied: bool,
    /// Lines that paid a pending payment (confirmed when applied).
    pub matched: Vec<StatementMatch>,
    /// Lines for payments already paid: money to give back.
    pub paid_twice: Vec<StatementMatch>,
    /// Lines whose reference is known but whose amount differs.
    pub amount_mismatch: Vec<StatementMatch>,
    /// Credit lines with no known reference.
    pub unmatched: Vec<statement::BankLine>,
    /// Lines imported before (skipped).
    pub already_imported: Vec<usize>,
    /// Lines that could not be read.
    pub bad_lines: Vec<statement::BadLine>,
}

/// A statement line and the payment it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatementMatch {
    /// The line.
    pub line: statement::BankLine,
    /// The payment.
    pub payment_id: Uuid,
    /// What the payment expects.
    pub expected: Money,
    /// The orders it pays.
    pub order_numbers: Vec<String>,
}

/// The payment of a checkout, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PaymentView {
    /// Id.
    pub id: Uuid,
    /// The checkout.
    pub checkout_id: Uuid,
    /// cod, bank_transfer or card.
    pub method: String,
    /// pending, paid, failed or cancelled.
    pub status: String,
    /// How much.
    pub amount: Money,
    /// The transfer memo's reference.
    pub reference: String,
    /// Why the last card attempt failed, or what staff must know.
    pub failure: Option<String>,
    /// For a bank transfer: the QR code and the account written out.
    pub bank_transfer: Option<BankTransferView>,
}

/// A bank transfer to make.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BankTransferView {
    /// The bank.
    pub bank_name: String,
    /// Its BIN.
    pub bank_bin: String,
    /// The account.
    pub account: String,
    /// The account holder.
    pub account_name: String,
    /// The amount to transfer.
    pub amount: Money,
    /// What the memo must carry.
    pub reference: String,
    /// The VietQR payload (EMVCo).
    pub qr_payload: String,
    /// The QR code as SVG.
    pub qr_svg: String,
}

/// What a card payment needs on its page, and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CardPaymentView {
    /// The payment.
    pub payment_id: Uuid,
    /// The checkout.
    pub checkout_id: Uuid,
    /// Stripe's PaymentIntent (pi_…).
    pub payment_intent: String,
    /// For Stripe.js.
    pub client_secret: Option<String>,
    /// For Stripe.js.
    pub publishable_key: String,
    /// Where Stripe.js is loaded from.
    pub js_url: String,
    /// Charged, in the currency's smallest unit.
    pub amount_minor: i64,
    /// vnd or usd.
    pub currency: String,
    /// In đồng.
    pub amount: Money,
    /// paid, pending, requires_action, failed or cancelled.
    pub state: String,
    /// What to tell the shopper.
    pub message: String,
}

/// What a webhook did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// The event changed something (or was read and needed nothing).
    Processed,
    /// The event was seen before: nothing done.
    Duplicate,
}

fn clean(s: &str) -> String {
    crate::checkout::clean(s)
}

/// The commission of an order: each line at its category's rate (or its
/// parent's), rounded once.
async fn commission_of<C: ConnectionTrait>(
    conn: &C,
    rates: &CommissionRates,
    order: Uuid,
) -> Result<i64> {
    let items = order_items::Entity::find()
        .filter(order_items::Column::OrderId.eq(order))
        .all(conn)
        .await?;
    let product_ids: Vec<Uuid> = items.iter().filter_map(|i| i.product_id).collect();
    let product_category: HashMap<Uuid, Option<Uuid>> = products::Entity::find()
        .filter(products::Column::Id.is_in(product_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.category_id))
        .collect();
    let cats: HashMap<Uuid, (String, Option<Uuid>)> = if rates.by_category.is_empty() {
        HashMap::new()
    } else {
        categories::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|c| (c.id, (c.slug, c.parent_id)))
            .collect()
    };
    let lines = items.iter().map(|i| {
        let mut slugs = Vec::new();
        let mut at = i
            .product_id
            .and_then(|p| product_category.get(&p).copied().flatten());
        while let Some(id) = at {
            let Some((slug, parent)) = cats.get(&id) else {
                break;
            };
            if slugs.len() > 16 {
                break;
            }
            slugs.push(slug.as_str());
            at = *parent;
        }
        (i.line_total_vnd, rates.rate_for(slugs))
    });
    Ok(CommissionRates::commission(lines))
}

impl Orders {
    /// Books a paid order in the ledger (once: a second call books nothing).
    pub(crate) async fn book_sale<C: ConnectionTrait>(
        &self,
        conn: &C,
        order: &orders::Model,
        by: Option<Uuid>,
    ) -> Result<()> {
        let commission = commission_of(conn, &self.config.commission, order.id)
            .await?
            .clamp(0, order.total_vnd);
        ledger::book(
            conn,
            &Booking::sale(order.cooperative_id, order.id, order.total_vnd, commission)
                .by(by)
                .memo(format!("{} paid ({})", order.number, order.payment_method)),
        )
        .await?;
        Ok(())
    }

    /// Marks a checkout's payment paid and its orders waiting for payment
    /// paid and confirmed, booking each in the ledger, in one transaction;
    /// returns how many orders it confirmed (0 when all were settled or
    /// lapsed before).
    pub(crate) async fn settle(
        &self,
        txn: &DatabaseTransaction,
        checkout: Uuid,
        by: &str,
        by_id: Option<Uuid>,
        note: &str,
    ) -> Result<usize> {
        let now = Utc::now();
        let payment = payments::Entity::find()
            .filter(payments::Column::CheckoutId.eq(checkout))
            .one(txn)
            .await?
            .ok_or(Error::OrderNotFound)?;
        payments::Entity::update_many()
            .col_expr(payments::Column::Status, Expr::value("paid"))
            .col_expr(payments::Column::PaidAt, Expr::value(Some(now)))
            .col_expr(payments::Column::UpdatedAt, Expr::value(now))
            .filter(payments::Column::Id.eq(payment.id))
            .filter(payments::Column::Status.is_in(["pending", "failed"]))
            .exec(txn)
            .await?;
        let rows = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(checkout))
            .order_by_asc(orders::Column::Number)
            .all(txn)
            .await?;
        let mut confirmed = Vec::new();
        for row in &rows {
            if row.status != OrderStatus::PendingPayment.as_str() {
                continue;
            }
            let changed = orders::Entity::update_many()
                .col_expr(
                    orders::Column::Status,
                    Expr::value(OrderStatus::Confirmed.as_str()),
                )
                .col_expr(orders::Column::PaymentStatus, Expr::value("paid"))
                .col_expr(
                    orders::Column::ExpiresAt,
                    Expr::value(Option::<DateTime<Utc>>::None),
                )
                .col_expr(orders::Column::UpdatedAt, Expr::value(now))
                .filter(orders::Column::Id.eq(row.id))
                .filter(orders::Column::Status.eq(OrderStatus::PendingPayment.as_str()))
                .exec(txn)
                .await?;
            if changed.rows_affected == 1 {
                crate::lifecycle::event(
                    txn,
                    row.id,
                    Some(OrderStatus::PendingPayment),
                    OrderStatus::Confirmed,
                    by,
                    by_id,
                    Some(note),
                )
                .await?;
                self.book_sale(txn, row, by_id).await?;
                confirmed.push(row);
            }
        }
        if let Some(first) = confirmed.first() {
            let numbers = confirmed
                .iter()
                .map(|r| r.number.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let amount: i64 = confirmed.iter().map(|r| r.total_vnd).sum();
            self.mailer
                .enqueue(
                    txn,
                    &Recipient {
                        email: first.buyer_email.clone(),
                        name: first.buyer_name.clone(),
                        locale: kernel::Locale::Vi,
                    },
                    &mail::PaymentReceived {
                        order_numbers: numbers,
                        amount: Money::vnd(amount).to_string(),
                        payment_method: first.payment_method.clone(),
                        orders_url: self.url(&format!("/checkout/{checkout}")),
                    },
                )
                .await?;
        } else if !rows.is_empty()
            && rows
                .iter()
                .all(|r| r.status == OrderStatus::Cancelled.as_str())
        {
            payments::Entity::update_many()
                .col_expr(
                    payments::Column::Failure,
                    Expr::value(Some(
                        "paid after its orders were cancelled: refund the buyer".to_owned(),
                    )),
                )
                .filter(payments::Column::Id.eq(payment.id))
                .exec(txn)
                .await?;
        }
        Ok(confirmed.len())
    }

    /// A seller or union staff confirm a payment: a bank transfer arrived
    /// (all its orders confirmed), or the cash of a delivered order (the
    /// asker's cooperative's orders).
    pub async fn confirm_payment(&self, actor: &Actor, payment: Uuid) -> Result<usize> {
        let row = payments::Entity::find_by_id(payment)
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        let orders = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(row.checkout_id))
            .all(&self.db)
            .await?;
        let staff = authorize(Some(actor), Action::Moderate).is_ok();
        let mine: Vec<&orders::Model> = orders
            .iter()
            .filter(|o| {
                staff
                    || authorize(
                        Some(actor),
                        Action::ManageOrders(CooperativeId(o.cooperative_id)),
                    )
                    .is_ok()
            })
            .collect();
        if mine.is_empty() {
            return Err(Error::PaymentNotFound);
        }
        match row.method.as_str() {
            "cod" => {
                let mut done = 0;
                for order in mine {
                    self.record_cash_as(actor, order.id, true).await?;
                    done += 1;
                }
                Ok(done)
            }
            "bank_transfer" => {
                if mine.len() != orders.len() {
                    return Err(Error::Denied(accounts::Denied::Forbidden));
                }
                self.confirm_checkout_transfer(actor, row.checkout_id, staff)
                    .await
            }
            _ => Err(Error::Invalid(FieldErrors::single(
                "payment",
                "card payments are confirmed by Stripe, not by hand",
            ))),
        }
    }

    pub(crate) async fn confirm_checkout_transfer(
        &self,
        actor: &Actor,
        checkout: Uuid,
        staff: bool,
    ) -> Result<usize> {
        let txn = entity::db::begin_write(&self.db).await?;
        let confirmed = self
            .settle(
                &txn,
                checkout,
                if staff { "staff" } else { "cooperative" },
                Some(actor.user_id.uuid()),
                "bank transfer received",
            )
            .await?;
        if confirmed == 0 {
            let status = orders::Entity::find()
                .filter(orders::Column::CheckoutId.eq(checkout))
                .one(&txn)
                .await?
                .and_then(|o| OrderStatus::parse(&o.status))
                .unwrap_or(OrderStatus::Cancelled);
            return Err(Error::InvalidTransition {
                from: status,
                to: OrderStatus::Confirmed,
            });
        }
        txn.commit().await?;
        Ok(confirmed)
    }

    /// The payment of a checkout, with the QR code for a bank transfer.
    pub async fn checkout_payment(
        &self,
        actor: Option<&Actor>,
        guest_email: Option<&str>,
        checkout: Uuid,
    ) -> Result<PaymentView> {
        // the same proof as the checkout's orders
        self.checkout_orders(actor, guest_email, checkout).await?;
        let row = payments::Entity::find()
            .filter(payments::Column::CheckoutId.eq(checkout))
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        let bank_transfer = match (&self.config.bank_account, row.method.as_str()) {
            (Some(account), "bank_transfer") => {
                let payload = ::payments::vietqr::payload(account, row.amount_vnd, &row.reference)
                    .map_err(|e| Error::Corrupt(e.to_string()))?;
                let svg =
                    ::payments::vietqr::svg(&payload).map_err(|e| Error::Corrupt(e.to_string()))?;
                Some(BankTransferView {
                    bank_name: account.bank_name.clone(),
                    bank_bin: account.bin.clone(),
                    account: account.account.clone(),
                    account_name: account.account_name.clone(),
                    amount: Money::vnd(row.amount_vnd),
                    reference: row.reference.clone(),
                    qr_payload: payload,
                    qr_svg: svg,
                })
            }
            _ => None,
        };
        Ok(PaymentView {
            id: row.id,
            checkout_id: row.checkout_id,
            method: row.method,
            status: row.status,
            amount: Money::vnd(row.amount_vnd),
            reference: row.reference,
            failure: row.failure,
            bank_transfer,
        })
    }

    fn stripe(&self) -> Result<&::payments::stripe::Stripe> {
        self.config
            .stripe
            .as_ref()
            .ok_or(Error::Payment(::payments::Error::MethodDisabled(
                ::payments::PaymentMethod::Card,
            )))
    }

    /// The card payment of a checkout: creates its PaymentIntent at Stripe
    /// the first time (idempotently), reads it afterwards, and applies
    /// what Stripe says (so the return page works even before the webhook).
    pub async fn card_payment(
        &self,
        actor: Option<&Actor>,
        guest_email: Option<&str>,
        checkout: Uuid,
    ) -> Result<CardPaymentView> {
        let orders = self.checkout_orders(actor, guest_email, checkout).await?;
        let stripe = self.stripe()?;
        let row = payments::Entity::find()
            .filter(payments::Column::CheckoutId.eq(checkout))
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        if row.method != "card" {
            return Err(Error::Invalid(FieldErrors::single(
                "payment_method",
                "this checkout is not paid by card",
            )));
        }
        let intent = match &row.provider_ref {
            Some(id) => stripe.retrieve_intent(id).await.map_err(Error::from)?,
            None => {
                let numbers = orders
                    .iter()
                    .map(|o| o.number.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let intent = stripe
                    .create_intent(
                        &format!("hoptac:checkout:{checkout}:intent"),
                        checkout,
                        row.amount_vnd,
                        &format!("Hợp Tác {numbers}"),
                    )
                    .await
                    .map_err(Error::from)?;
                payments::Entity::update_many()
                    .col_expr(
                        payments::Column::ProviderRef,
                        Expr::value(Some(intent.id.clone())),
                    )
                    .col_expr(
                        payments::Column::Currency,
                        Expr::value(Some(intent.currency.clone())),
                    )
                    .col_expr(
                        payments::Column::AmountMinor,
                        Expr::value(Some(intent.amount)),
                    )
                    .col_expr(payments::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(payments::Column::Id.eq(row.id))
                    .filter(payments::Column::ProviderRef.is_null())
                    .exec(&self.db)
                    .await?;
                intent
            }
        };
        self.apply_intent(&intent, None).await?;
        let (state, message) = describe(&intent);
        Ok(CardPaymentView {
            payment_id: row.id,
            checkout_id: checkout,
            payment_intent: intent.id.clone(),
            client_secret: intent.client_secret.clone(),
            publishable_key: stripe.config().publishable_key.clone(),
            js_url: stripe.config().js_url.clone(),
            amount_minor: intent.amount,
            currency: intent.currency.clone(),
            amount: Money::vnd(row.amount_vnd),
            state: state.to_owned(),
            message,
        })
    }

    /// Cancels the card payment of a checkout whose orders lapsed: at
    /// Stripe (so it can no longer be paid; a failure is logged and the
    /// webhook flags a late payment for refund) and here.
    pub(crate) async fn cancel_card_payment(&self, checkout: Uuid) -> Result<()> {
        let Some(payment) = payments::Entity::find()
            .filter(payments::Column::CheckoutId.eq(checkout))
            .filter(payments::Column::Method.eq("card"))
            .filter(payments::Column::Status.is_in(["pending", "failed"]))
            .one(&self.db)
            .await?
        else {
            return Ok(());
        };
        if let (Some(intent), Some(stripe)) = (&payment.provider_ref, &self.config.stripe)
            && let Err(e) = stripe.cancel_intent(intent).await
        {
            tracing::warn!(%checkout, error = %e, "cancelling the PaymentIntent of lapsed orders failed");
            return Ok(());
        }
        payments::Entity::update_many()
            .col_expr(payments::Column::Status, Expr::value("cancelled"))
            .col_expr(payments::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(payments::Column::Id.eq(payment.id))
            .filter(payments::Column::Status.is_in(["pending", "failed"]))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Applies what Stripe says of a PaymentIntent, once per event when
    /// `event` is given (its id is recorded in the same transaction).
    /// Safe in any order and any number of times: a success settles the
    /// checkout once; a failure only notes why while the payment is open.
    async fn apply_intent(
        &self,
        intent: &Intent,
        event: Option<(&str, &str)>,
    ) -> Result<WebhookOutcome> {
        let txn = entity::db::begin_write(&self.db).await?;
        if let Some((id, kind)) = event {
            let fresh = stripe_events::Entity::insert(stripe_events::ActiveModel {
                id: Set(id.to_owned()),
                kind: Set(kind.to_owned()),
                received_at: Set(Utc::now()),
            })
            .on_conflict(
                OnConflict::column(stripe_events::Column::Id)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            if fresh == 0 {
                return Ok(WebhookOutcome::Duplicate);
            }
        }
        let payment = payments::Entity::find()
            .filter(payments::Column::ProviderRef.eq(intent.id.as_str()))
            .one(&txn)
            .await?;
        let payment = match (payment, intent.checkout_id()) {
            (Some(p), _) => Some(p),
            // the intent was made but its id not yet written down
            (None, Some(checkout)) => payments::Entity::find()
                .filter(payments::Column::CheckoutId.eq(checkout))
                .filter(payments::Column::Method.eq("card"))
                .one(&txn)
                .await?
                .filter(|p| p.provider_ref.is_none()),
            (None, None) => None,
        };
        let Some(payment) = payment else {
            // not ours (another shop on the same Stripe account): noted, ignored
            txn.commit().await?;
            return Ok(WebhookOutcome::Processed);
        };
        let now = Utc::now();
        match intent.status.as_str() {
            "succeeded" => {
                payments::Entity::update_many()
                    .col_expr(
                        payments::Column::ProviderRef,
                        Expr::value(Some(intent.id.clone())),
                    )
                    .col_expr(
                        payments::Column::Failure,
                        Expr::value(Option::<String>::None),
                    )
                    .filter(payments::Column::Id.eq(payment.id))
                    .filter(payments::Column::Status.ne("paid"))
                    .exec(&txn)
                    .await?;
                self.settle(
                    &txn,
                    payment.checkout_id,
                    "system",
                    None,
                    "card payment received",
                )
                .await?;
            }
            "canceled" => {
                payments::Entity::update_many()
                    .col_expr(payments::Column::Status, Expr::value("cancelled"))
                    .col_expr(payments::Column::UpdatedAt, Expr::value(now))
                    .filter(payments::Column::Id.eq(payment.id))
                    .filter(payments::Column::Status.is_in(["pending", "failed"]))
                    .exec(&txn)
                    .await?;
            }
            _ => {
                let (_, message) = describe(intent);
                if intent.last_payment_error.is_some() {
                    payments::Entity::update_many()
                        .col_expr(payments::Column::Status, Expr::value("failed"))
                        .col_expr(payments::Column::Failure, Expr::value(Some(message)))
                        .col_expr(payments::Column::UpdatedAt, Expr::value(now))
                        .filter(payments::Column::Id.eq(payment.id))
                        .filter(payments::Column::Status.is_in(["pending", "failed"]))
                        .exec(&txn)
                        .await?;
                }
            }
        }
        txn.commit().await?;
        Ok(WebhookOutcome::Processed)
    }

    /// A Stripe webhook: the signature checked against the body (any `v1`
    /// matching, 300 seconds' tolerance), then each event id acted on once.
    pub async fn stripe_webhook(
        &self,
        signature: Option<&str>,
        body: &[u8],
    ) -> Result<WebhookOutcome> {
        let stripe = self.stripe()?;
        ::payments::stripe::verify_signature(
            signature.unwrap_or(""),
            body,
            &stripe.config().webhook_secret,
            Utc::now().timestamp(),
        )
        .map_err(Error::BadSignature)?;
        let event: ::payments::stripe::Event =
            serde_json::from_slice(body).map_err(|e| Error::BadEvent(e.to_string()))?;
        match event.intent() {
            Some(intent) => {
                self.apply_intent(&intent, Some((&event.id, &event.kind)))
                    .await
            }
            None => {
                // other events are only recorded
                let fresh = stripe_events::Entity::insert(stripe_events::ActiveModel {
                    id: Set(event.id.clone()),
                    kind: Set(event.kind.clone()),
                    received_at: Set(Utc::now()),
                })
                .on_conflict(
                    OnConflict::column(stripe_events::Column::Id)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&self.db)
                .await?;
                Ok(if fresh == 0 {
                    WebhookOutcome::Duplicate
                } else {
                    WebhookOutcome::Processed
                })
            }
        }
    }

    /// Refunds an order in full or in part: the order's cooperative or
    /// union staff. A card payment goes back through Stripe; cash and bank
    /// transfers are given back by the union's bank (recorded here).
    pub async fn refund(
        &self,
        actor: &Actor,
        order: Uuid,
        input: &RefundInput,
    ) -> Result<RefundView> {
        let row = orders::Entity::find_by_id(order)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let staff = authorize(Some(actor), Action::Moderate).is_ok();
        if !staff {
            authorize(
                Some(actor),
                Action::ManageOrders(CooperativeId(row.cooperative_id)),
            )
            .map_err(|d| match d {
                accounts::Denied::NotFound => Error::OrderNotFound,
                other => Error::Denied(other),
            })?;
        }
        if !matches!(row.payment_status.as_str(), "paid" | "partially_refunded") {
            return Err(Error::NotPaid);
        }
        let remaining = row.total_vnd - row.refunded_vnd;
        let amount = input.amount_vnd.unwrap_or(remaining);
        let reason = clean(&input.reason);
        let mut errors = FieldErrors::new();
        if amount < 1 {
            errors.add("amount_vnd", "at least 1 đồng");
        } else if amount > remaining {
            errors.add(
                "amount_vnd",
                format!(
                    "at most {} (what has not been refunded yet)",
                    Money::vnd(remaining)
                ),
            );
        }
        if reason.is_empty() {
            errors.add("reason", "say why the money goes back");
        } else if reason.chars().count() > 500 {
            errors.add("reason", "at most 500 characters");
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let payment = payments::Entity::find()
            .filter(payments::Column::CheckoutId.eq(row.checkout_id))
            .one(&self.db)
            .await?
            .ok_or(Error::PaymentNotFound)?;
        let card = payment.method == "card";
        let refund_id = Uuid::now_v7();
        let now = Utc::now();
        // reserve the amount: two refunds at once cannot pass the total
        let txn = entity::db::begin_write(&self.db).await?;
        let reserved = orders::Entity::update_many()
            .col_expr(
                orders::Column::RefundedVnd,
                Expr::col(orders::Column::RefundedVnd).add(amount),
            )
            .col_expr(orders::Column::UpdatedAt, Expr::value(now))
            .filter(orders::Column::Id.eq(order))
            .filter(
                Expr::col(orders::Column::RefundedVnd)
                    .add(amount)
                    .lte(Expr::col(orders::Column::TotalVnd)),
            )
            .filter(orders::Column::PaymentStatus.is_in(["paid", "partially_refunded"]))
            .exec(&txn)
            .await?;
        if reserved.rows_affected != 1 {
            return Err(Error::Conflict);
        }
        refunds::Entity::insert(refunds::ActiveModel {
            id: Set(refund_id),
            order_id: Set(order),
            payment_id: Set(payment.id),
            amount_vnd: Set(amount),
            reason: Set(reason.clone()),
            status: Set("pending".to_owned()),
            channel: Set(if card { "card" } else { "bank_transfer" }.to_owned()),
            provider_ref: Set(None),
            failure: Set(None),
            created_by: Set(Some(actor.user_id.uuid())),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        if !card {
            self.complete_refund(&txn, refund_id, None, actor).await?;
            txn.commit().await?;
            return self.refund_view(refund_id).await;
        }
        txn.commit().await?;
        let stripe = self.stripe()?;
        let intent = payment.provider_ref.clone().unwrap_or_default();
        let minor = match (payment.amount_minor, payment.amount_vnd) {
            (Some(minor), whole) if whole > 0 && minor != whole => {
                // USD: the same share of what was charged, rounded down
                i64::try_from(i128::from(minor) * i128::from(amount) / i128::from(whole))
                    .unwrap_or(minor)
            }
            _ => amount,
        };
        match stripe
            .refund(
                &format!("hoptac:refund:{refund_id}"),
                &intent,
                minor,
                refund_id,
            )
            .await
        {
            Ok(done) if done.status.as_deref() != Some("failed") => {
                let txn = entity::db::begin_write(&self.db).await?;
                self.complete_refund(&txn, refund_id, Some(done.id), actor)
                    .await?;
                txn.commit().await?;
                self.refund_view(refund_id).await
            }
            Ok(_) => {
                self.fail_refund(refund_id, order, amount, "Stripe refused the refund")
                    .await?;
                Err(Error::Provider("Stripe refused the refund".into()))
            }
            Err(::payments::stripe::StripeError::Api { message, .. }) => {
                self.fail_refund(refund_id, order, amount, &message).await?;
                Err(Error::Provider(message))
            }
            // unknown outcome: keep the reservation; the same refund can be
            // sent again with the same idempotency key
            Err(e) => Err(Error::from(e)),
        }
    }

    async fn complete_refund(
        &self,
        txn: &DatabaseTransaction,
        refund_id: Uuid,
        provider_ref: Option<String>,
        actor: &Actor,
    ) -> Result<()> {
        let now = Utc::now();
        let refund = refunds::Entity::find_by_id(refund_id)
            .one(txn)
            .await?
            .ok_or(Error::OrderNotFound)?;
        let changed = refunds::Entity::update_many()
            .col_expr(refunds::Column::Status, Expr::value("succeeded"))
            .col_expr(refunds::Column::ProviderRef, Expr::value(provider_ref))
            .col_expr(refunds::Column::UpdatedAt, Expr::value(now))
            .filter(refunds::Column::Id.eq(refund_id))
            .filter(refunds::Column::Status.eq("pending"))
            .exec(txn)
            .await?;
        if changed.rows_affected != 1 {
            return Ok(());
        }
        let order = orders::Entity::find_by_id(refund.order_id)
            .one(txn)
            .await?
            .ok_or(Error::OrderNotFound)?;
        // the commission the sale booked, and how much was refunded before
        let sale = ledger_transactions::Entity::find()
            .filter(ledger_transactions::Column::Source.eq(format!("sale:{}", order.id)))
            .one(txn)
            .await?;
        let (commission, refunded_before) = match sale {
            Some(sale) => {
                let commission = -ledger_entries::Entity::find()
                    .filter(ledger_entries::Column::TransactionId.eq(sale.id))
                    .filter(ledger_entries::Column::Account.eq("commission"))
                    .all(txn)
                    .await?
                    .iter()
                    .map(|e| e.amount_vnd)
                    .sum::<i64>();
                let before_ids: Vec<Uuid> = ledger_transactions::Entity::find()
                    .filter(ledger_transactions::Column::OrderId.eq(order.id))
                    .filter(ledger_transactions::Column::Kind.eq("refund"))
                    .all(txn)
                    .await?
                    .into_iter()
                    .map(|t| t.id)
                    .collect();
                let before = -ledger_entries::Entity::find()
                    .filter(ledger_entries::Column::TransactionId.is_in(before_ids))
                    .filter(ledger_entries::Column::Account.eq("market_cash"))
                    .all(txn)
                    .await?
                    .iter()
                    .map(|e| e.amount_vnd)
                    .sum::<i64>();
                (commission, before)
            }
            None => (0, 0),
        };
        let reversed = ledger::commission_share(
            commission,
            order.total_vnd,
            refunded_before,
            refund.amount_vnd,
        );
        ledger::book(
            txn,
            &Booking::refund(
                order.cooperative_id,
                order.id,
                refund.id,
                refund.amount_vnd,
                reversed,
            )
            .by(Some(actor.user_id.uuid()))
            .memo(format!("{} refund: {}", order.number, refund.reason)),
        )
        .await?;
        let fully = order.refunded_vnd >= order.total_vnd;
        orders::Entity::update_many()
            .col_expr(
                orders::Column::PaymentStatus,
                Expr::value(if fully {
                    "refunded"
                } else {
                    "partially_refunded"
                }),
            )
            .filter(orders::Column::Id.eq(order.id))
            .exec(txn)
            .await?;
        let status = OrderStatus::parse(&order.status).unwrap_or(OrderStatus::Cancelled);
        crate::lifecycle::event(
            txn,
            order.id,
            Some(status),
            status,
            if authorize(Some(actor), Action::Moderate).is_ok() {
                "staff"
            } else {
                "cooperative"
            },
            Some(actor.user_id.uuid()),
            Some(&format!(
                "refunded {}: {}",
                Money::vnd(refund.amount_vnd),
                refund.reason
            )),
        )
        .await?;
        self.mailer
            .enqueue(
                txn,
                &Recipient {
                    email: order.buyer_email.clone(),
                    name: order.buyer_name.clone(),
                    locale: kernel::Locale::Vi,
                },
                &mail::RefundIssued {
                    order_number: order.number.clone(),
                    amount: Money::vnd(refund.amount_vnd).to_string(),
                    payment_method: order.payment_method.clone(),
                    reason: Some(refund.reason.clone()),
                    order_url: self.url(&format!("/orders/{}", order.id)),
                },
            )
            .await?;
        Ok(())
    }

    async fn fail_refund(&self, refund: Uuid, order: Uuid, amount: i64, why: &str) -> Result<()> {
        let txn = entity::db::begin_write(&self.db).await?;
        let changed = refunds::Entity::update_many()
            .col_expr(refunds::Column::Status, Expr::value("failed"))
            .col_expr(refunds::Column::Failure, Expr::value(Some(why.to_owned())))
            .col_expr(refunds::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(refunds::Column::Id.eq(refund))
            .filter(refunds::Column::Status.eq("pending"))
            .exec(&txn)
            .await?;
        if changed.rows_affected == 1 {
            orders::Entity::update_many()
                .col_expr(
                    orders::Column::RefundedVnd,
                    Expr::col(orders::Column::RefundedVnd).sub(amount),
                )
                .filter(orders::Column::Id.eq(order))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    async fn refund_view(&self, refund: Uuid) -> Result<RefundView> {
        Ok(refunds::Entity::find_by_id(refund)
            .one(&self.db)
            .await?
            .ok_or(Error::OrderNotFound)?
            .into())
    }

    /// A cooperative's ledger: its sums and a page of lines.
    pub async fn cooperative_ledger(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        page: u64,
    ) -> Result<LedgerView> {
        authorize(Some(actor), Action::ViewLedger(cooperative)).map_err(|d| match d {
            accounts::Denied::NotFound => Error::CooperativeNotFound,
            other => Error::Denied(other),
        })?;
        let coop = cooperatives::Entity::find_by_id(cooperative.0)
            .one(&self.db)
            .await?
            .ok_or(Error::CooperativeNotFound)?;
        let page = Ord::max(page, 1);
        let balance = ledger::balance(&self.db, coop.id).await?;
        let (lines, total) = ledger::statement(&self.db, coop.id, page, 50).await?;
        let order_ids: Vec<Uuid> = lines.iter().filter_map(|l| l.order_id).collect();
        let numbers: HashMap<Uuid, String> = orders::Entity::find()
            .filter(orders::Column::Id.is_in(order_ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.number))
            .collect();
        Ok(LedgerView {
            cooperative_id: coop.id,
            cooperative_name: coop.name.clone(),
            balance,
            lines: lines
                .into_iter()
                .map(|line| LedgerLineView {
                    order_number: line.order_id.and_then(|o| numbers.get(&o).cloned()),
                    line,
                })
                .collect(),
            page,
            total,
            payout_account: payout_account_of(&coop),
        })
    }

    /// Sets where a cooperative's payouts go (its managers).
    pub async fn set_payout_account(
        &self,
        actor: &Actor,
        cooperative: CooperativeId,
        input: &PayoutAccount,
    ) -> Result<PayoutAccount> {
        authorize(Some(actor), Action::ViewLedger(cooperative)).map_err(|d| match d {
            accounts::Denied::NotFound => Error::CooperativeNotFound,
            other => Error::Denied(other),
        })?;
        if authorize(Some(actor), Action::EditCooperative(cooperative)).is_err() {
            return Err(Error::Denied(accounts::Denied::Forbidden));
        }
        let bin = input.bank_bin.trim().to_owned();
        let account: String = input
            .account
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let name = clean(&input.account_name).to_uppercase();
        let mut errors = FieldErrors::new();
        if bin.len() != 6 || !bin.chars().all(|c| c.is_ascii_digit()) {
            errors.add("bank_bin", "the bank's 6-digit BIN, e.g. 970436");
        }
        if account.is_empty()
            || account.len() > 19
            || !account.chars().all(|c| c.is_ascii_alphanumeric())
        {
            errors.add("account", "1 to 19 letters or digits");
        }
        if name.is_empty() || name.chars().count() > 120 {
            errors.add("account_name", "the holder's name, at most 120 characters");
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let changed = cooperatives::Entity::update_many()
            .col_expr(
                cooperatives::Column::PayoutBankBin,
                Expr::value(Some(bin.clone())),
            )
            .col_expr(
                cooperatives::Column::PayoutAccount,
                Expr::value(Some(account.clone())),
            )
            .col_expr(
                cooperatives::Column::PayoutAccountName,
                Expr::value(Some(name.clone())),
            )
            .col_expr(cooperatives::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(cooperatives::Column::Id.eq(cooperative.0))
            .exec(&self.db)
            .await?;
        if changed.rows_affected != 1 {
            return Err(Error::CooperativeNotFound);
        }
        Ok(PayoutAccount {
            bank_bin: bin,
            account,
            account_name: name,
        })
    }

    /// Who is owed what, the latest batches and the trial balance (staff).
    pub async fn payouts_overview(&self, actor: &Actor) -> Result<PayoutsOverview> {
        authorize(Some(actor), Action::Moderate)?;
        let balances = ledger::balances(&self.db).await?;
        let coops: HashMap<Uuid, cooperatives::Model> = cooperatives::Entity::find()
            .filter(cooperatives::Column::Id.is_in(balances.keys().copied().collect::<Vec<_>>()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut owed: Vec<OwedView> = balances
            .iter()
            .map(|(id, b)| OwedView {
                cooperative_id: *id,
                cooperative_name: coops.get(id).map(|c| c.name.clone()).unwrap_or_default(),
                balance: Money::vnd(*b),
                has_payout_account: coops
                    .get(id)
                    .is_some_and(|c| payout_account_of(c).is_some()),
            })
            .collect();
        owed.sort_by(|a, b| {
            b.balance
                .amount
                .cmp(&a.balance.amount)
                .then(a.cooperative_name.cmp(&b.cooperative_name))
        });
        let batch_rows = payout_batches::Entity::find()
            .order_by_desc(payout_batches::Column::CreatedAt)
            .limit(20)
            .all(&self.db)
            .await?;
        let mut batches = Vec::new();
        for b in batch_rows {
            batches.push(self.batch_view(b).await?);
        }
        Ok(PayoutsOverview {
            owed,
            batches,
            trial_balance: ledger::trial_balance(&self.db).await?,
        })
    }

    async fn batch_view(&self, b: payout_batches::Model) -> Result<PayoutBatchView> {
        let rows = payouts::Entity::find()
            .filter(payouts::Column::BatchId.eq(b.id))
            .order_by_asc(payouts::Column::Id)
            .all(&self.db)
            .await?;
        let names: HashMap<Uuid, String> = cooperatives::Entity::find()
            .filter(
                cooperatives::Column::Id
                    .is_in(rows.iter().map(|p| p.cooperative_id).collect::<Vec<_>>()),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        Ok(PayoutBatchView {
            id: b.id,
            note: b.note,
            total: Money::vnd(b.total_vnd),
            payouts: rows
                .into_iter()
                .map(|p| PayoutView {
                    id: p.id,
                    cooperative_id: p.cooperative_id,
                    cooperative_name: names.get(&p.cooperative_id).cloned().unwrap_or_default(),
                    amount: Money::vnd(p.amount_vnd),
                    bank_bin: p.bank_bin,
                    account: p.account,
                    account_name: p.account_name,
                    memo: p.memo,
                })
                .collect(),
            created_at: b.created_at,
        })
    }

    /// A batch of payouts (staff).
    pub async fn payout_batch(&self, actor: &Actor, batch: Uuid) -> Result<PayoutBatchView> {
        authorize(Some(actor), Action::Moderate)?;
        let b = payout_batches::Entity::find_by_id(batch)
            .one(&self.db)
            .await?
            .ok_or(Error::PayoutBatchNotFound)?;
        self.batch_view(b).await
    }

    /// A batch as the CSV a bank's bulk-transfer upload takes.
    pub async fn payout_batch_csv(&self, actor: &Actor, batch: Uuid) -> Result<String> {
        let view = self.payout_batch(actor, batch).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let write = |out: &mut csv::Writer<Vec<u8>>, rec: &[&str]| {
            out.write_record(rec)
                .map_err(|e| Error::Corrupt(e.to_string()))
        };
        write(
            &mut out,
            &[
                "bank_bin",
                "account",
                "account_name",
                "amount_vnd",
                "memo",
                "cooperative",
            ],
        )?;
        for p in &view.payouts {
            write(
                &mut out,
                &[
                    p.bank_bin.as_deref().unwrap_or(""),
                    p.account.as_deref().unwrap_or(""),
                    p.account_name.as_deref().unwrap_or(""),
                    &p.amount.amount.to_string(),
                    &p.memo,
                    &p.cooperative_name,
                ],
            )?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| Error::Corrupt(e.to_string()))
    }

    /// Records payouts as one batch (staff): each at most what the
    /// cooperative is owed, checked in the same transaction that books it.
    pub async fn record_payouts(
        &self,
        actor: &Actor,
        input: &PayoutInput,
    ) -> Result<PayoutBatchView> {
        authorize(Some(actor), Action::Moderate)?;
        let note = input.note.as_deref().map(clean).filter(|n| !n.is_empty());
        let txn = entity::db::begin_write(&self.db).await?;
        let mut lines = input.payouts.clone();
        if input.all_owed {
            if !lines.is_empty() {
                return Err(Error::Invalid(FieldErrors::single(
                    "payouts",
                    "leave empty when paying everything owed",
                )));
            }
            let mut owed: Vec<(Uuid, i64)> = ledger::balances(&txn)
                .await?
                .into_iter()
                .filter(|(_, b)| *b > 0)
                .collect();
            owed.sort();
            lines = owed
                .into_iter()
                .map(|(cooperative_id, amount_vnd)| PayoutLine {
                    cooperative_id,
                    amount_vnd,
                })
                .collect();
        }
        if lines.is_empty() {
            return Err(Error::Invalid(FieldErrors::single(
                "payouts",
                "nothing to pay: no cooperative is owed money",
            )));
        }
        let mut ids: Vec<Uuid> = lines.iter().map(|l| l.cooperative_id).collect();
        ids.sort();
        ids.dedup();
        if ids.len() != lines.len() {
            return Err(Error::Invalid(FieldErrors::single(
                "payouts",
                "one line per cooperative",
            )));
        }
        // two batches at once: the second waits for the first's bookings
        let mut coop_query =
            cooperatives::Entity::find().filter(cooperatives::Column::Id.is_in(ids));
        if txn.get_database_backend() == DatabaseBackend::Postgres {
            coop_query = coop_query.lock_exclusive();
        }
        let coops: HashMap<Uuid, cooperatives::Model> = coop_query
            .all(&txn)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut errors = FieldErrors::new();
        for (i, line) in lines.iter().enumerate() {
            let field = format!("payouts[{i}].amount_vnd");
            if !coops.contains_key(&line.cooperative_id) {
                errors.add(
                    format!("payouts[{i}].cooperative_id"),
                    "no such cooperative",
                );
                continue;
            }
            let owed = ledger::balance(&txn, line.cooperative_id)
                .await?
                .balance_vnd;
            if line.amount_vnd < 1 {
                errors.add(field, "at least 1 đồng");
            } else if line.amount_vnd > owed {
                errors.add(
                    field,
                    format!(
                        "at most {} (what the market owes it)",
                        Money::vnd(Ord::max(owed, 0))
                    ),
                );
            }
        }
        errors.into_result(()).map_err(Error::Invalid)?;
        let now = Utc::now();
        let batch_id = Uuid::now_v7();
        let total: i64 = lines.iter().map(|l| l.amount_vnd).sum();
        payout_batches::Entity::insert(payout_batches::ActiveModel {
            id: Set(batch_id),
            note: Set(note),
            total_vnd: Set(total),
            payouts_count: Set(i32::try_from(lines.len()).unwrap_or(i32::MAX)),
            created_by: Set(actor.user_id.uuid()),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        let short = batch_id.simple().to_string();
        let memo = format!(
            "HOPTAC PAYOUT {}",
            short
                .get(short.len() - 8..)
                .unwrap_or(&short)
                .to_uppercase()
        );
        for line in &lines {
            let coop = coops
                .get(&line.cooperative_id)
                .ok_or(Error::CooperativeNotFound)?;
            let payout_id = Uuid::now_v7();
            payouts::Entity::insert(payouts::ActiveModel {
                id: Set(payout_id),
                batch_id: Set(batch_id),
                cooperative_id: Set(coop.id),
                amount_vnd: Set(line.amount_vnd),
                bank_bin: Set(coop.payout_bank_bin.clone()),
                account: Set(coop.payout_account.clone()),
                account_name: Set(coop.payout_account_name.clone()),
                memo: Set(memo.clone()),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
            ledger::book(
                &txn,
                &Booking::payout(coop.id, payout_id, line.amount_vnd)
                    .by(Some(actor.user_id.uuid()))
                    .memo(memo.clone()),
            )
            .await?;
        }
        txn.commit().await?;
        self.payout_batch(actor, batch_id).await
    }

    /// Reads a bank statement of the market's receiving account (staff):
    /// each credit line is matched to a bank-transfer payment by the
    /// reference in its memo and its amount. With `apply`, matched
    /// payments are confirmed and every line is remembered, so importing
    /// the same statement again changes nothing.
    pub async fn import_statement(
        &self,
        actor: &Actor,
        file: &[u8],
        apply: bool,
    ) -> Result<StatementReport> {
        authorize(Some(actor), Action::Moderate)?;
        let (lines, bad_lines) = statement::parse(file)
            .map_err(|e| Error::Invalid(FieldErrors::single("file", e.to_string())))?;
        let mut report = StatementReport {
            applied: apply,
            bad_lines,
            ..StatementReport::default()
        };
        let mut seen_in_file: HashMap<String, usize> = HashMap::new();
        let mut paid_in_file: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
        let mut to_remember = Vec::new();
        for line in lines {
            let base = format!(
                "{}|{}|{}",
                line.booked_on, line.amount_vnd, line.description
            );
            let n = seen_in_file.entry(base.clone()).or_insert(0);
            *n += 1;
            let fingerprint = hex(&Sha256::digest(format!("{base}|{n}").as_bytes()));
            let known = bank_statement_lines::Entity::find()
                .filter(bank_statement_lines::Column::Fingerprint.eq(fingerprint.as_str()))
                .one(&self.db)
                .await?;
            if known.is_some() {
                report.already_imported.push(line.line);
                continue;
            }
            let payment = match &line.reference {
                Some(r) => {
                    payments::Entity::find()
                        .filter(payments::Column::Reference.eq(r.as_str()))
                        .one(&self.db)
                        .await?
                }
                None => None,
            };
            let (outcome, payment_id) = match payment {
                None => {
                    report.unmatched.push(line.clone());
                    ("unmatched", None)
                }
                Some(p) => {
                    let numbers: Vec<String> = orders::Entity::find()
                        .filter(orders::Column::CheckoutId.eq(p.checkout_id))
                        .order_by_asc(orders::Column::Number)
                        .all(&self.db)
                        .await?
                        .into_iter()
                        .map(|o| o.number)
                        .collect();
                    let m = StatementMatch {
                        line: line.clone(),
                        payment_id: p.id,
                        expected: Money::vnd(p.amount_vnd),
                        order_numbers: numbers,
                    };
                    if p.amount_vnd != line.amount_vnd {
                        report.amount_mismatch.push(m);
                        ("amount_mismatch", Some(p.id))
                    } else if p.status == "paid" || paid_in_file.contains(&p.id) {
                        report.paid_twice.push(m);
                        ("paid_twice", Some(p.id))
                    } else if p.method != "bank_transfer" || p.status == "cancelled" {
                        // a transfer for a card or lapsed checkout: give it back
                        report.paid_twice.push(m);
                        ("paid_twice", Some(p.id))
                    } else {
                        paid_in_file.insert(p.id);
                        report.matched.push(m);
                        ("matched", Some(p.id))
                    }
                }
            };
            to_remember.push((fingerprint, line, outcome, payment_id));
        }
        if !apply {
            return Ok(report);
        }
        let txn = entity::db::begin_write(&self.db).await?;
        let now = Utc::now();
        for (fingerprint, line, outcome, payment_id) in to_remember {
            let inserted =
                bank_statement_lines::Entity::insert(bank_statement_lines::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    fingerprint: Set(fingerprint),
                    booked_on: Set(line.booked_on.clone()),
                    amount_vnd: Set(line.amount_vnd),
                    description: Set(line.description.clone()),
                    reference: Set(line.reference.clone()),
                    payment_id: Set(payment_id),
                    outcome: Set(outcome.to_owned()),
                    imported_by: Set(actor.user_id.uuid()),
                    created_at: Set(now),
                })
                .on_conflict(
                    OnConflict::column(bank_statement_lines::Column::Fingerprint)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(&txn)
                .await?;
            if inserted == 1
                && outcome == "matched"
                && let Some(payment) = payment_id
            {
                let checkout = payments::Entity::find_by_id(payment)
                    .one(&txn)
                    .await?
                    .map(|p| p.checkout_id)
                    .ok_or(Error::PaymentNotFound)?;
                self.settle(
                    &txn,
                    checkout,
                    "staff",
                    Some(actor.user_id.uuid()),
                    &format!(
                        "bank transfer received (statement {}, line {})",
                        line.booked_on, line.line
                    ),
                )
                .await?;
            }
        }
        txn.commit().await?;
        Ok(report)
    }
}

impl Orders {
    /// Runs `run` at most once per `Idempotency-Key` in `scope`: a retry
    /// with the same key and request answers the first result again; the
    /// same key with another request is refused. Without a key, just runs.
    pub async fn idempotent<T, F>(
        &self,
        scope: &str,
        key: Option<&str>,
        request: &impl Serialize,
        run: F,
    ) -> Result<T>
    where
        T: Serialize + serde::de::DeserializeOwned,
        F: std::future::Future<Output = Result<T>>,
    {
        let Some(key) = key.map(str::trim) else {
            return run.await;
        };
        if key.is_empty() || key.len() > 255 {
            return Err(Error::Invalid(FieldErrors::single(
                "Idempotency-Key",
                "1 to 255 characters",
            )));
        }
        let hash = crate::checkout::request_hash(request)?;
        let id = match self.claim_key(scope, key, &hash).await? {
            crate::checkout::Claim::Replay(value) => {
                return serde_json::from_value(value).map_err(|e| Error::Corrupt(e.to_string()));
            }
            crate::checkout::Claim::Go(id) => id,
        };
        match run.await {
            Ok(answer) => {
                let stored =
                    serde_json::to_value(&answer).map_err(|e| Error::Corrupt(e.to_string()))?;
                entity::idempotency_keys::Entity::update_many()
                    .col_expr(
                        entity::idempotency_keys::Column::ResponseStatus,
                        Expr::value(Some(200)),
                    )
                    .col_expr(
                        entity::idempotency_keys::Column::Response,
                        Expr::value(Some(stored)),
                    )
                    .filter(entity::idempotency_keys::Column::Id.eq(id))
                    .exec(&self.db)
                    .await?;
                Ok(answer)
            }
            Err(e) => {
                // a refused request keeps nothing: the key may be used again
                entity::idempotency_keys::Entity::delete_by_id(id)
                    .exec(&self.db)
                    .await?;
                Err(e)
            }
        }
    }
}

fn payout_account_of(c: &cooperatives::Model) -> Option<PayoutAccount> {
    Some(PayoutAccount {
        bank_bin: c.payout_bank_bin.clone()?,
        account: c.payout_account.clone()?,
        account_name: c.payout_account_name.clone()?,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a card payment stands, in words for the shopper.
fn describe(intent: &Intent) -> (&'static str, String) {
    match intent.status.as_str() {
        "succeeded" => ("paid", "Payment received. Thank you!".to_owned()),
        "processing" => (
            "pending",
            "Your bank is processing the payment; this page will show when it is done.".into(),
        ),
        "requires_action" => (
            "requires_action",
            "Your bank asks you to confirm this payment (3-D Secure). Open your banking app or \
             the bank's page to approve it, then come back to this page."
                .into(),
        ),
        "canceled" => ("cancelled", "This payment was cancelled.".into()),
        _ => match &intent.last_payment_error {
            Some(e) => {
                let why = match (e.code.as_deref(), e.decline_code.as_deref()) {
                    (Some("payment_intent_authentication_failure"), _) => {
                        "the bank's 3-D Secure check was not passed".to_owned()
                    }
                    (_, Some("insufficient_funds")) => "the card has insufficient funds".into(),
                    (Some("expired_card"), _) => "the card has expired".into(),
                    (Some("incorrect_cvc"), _) => "the security code (CVC) is wrong".into(),
                    _ => e
                        .message
                        .clone()
                        .unwrap_or_else(|| "the card was declined".to_owned()),
                };
                (
                    "failed",
                    format!(
                        "The card was not charged: {why}. Try another card or pay by bank transfer."
                    ),
                )
            }
            None => ("pending", "Enter your card to pay.".into()),
        },
    }
}

impl From<::payments::stripe::StripeError> for Error {
    fn from(e: ::payments::stripe::StripeError) -> Self {
        match e {
            ::payments::stripe::StripeError::Api { message, .. } => Self::Provider(message),
            ::payments::stripe::StripeError::Unavailable(m) => Self::ProviderUnavailable(m),
        }
    }
}

/// The checkout a payment belongs to, for pages that link to it.
pub async fn checkout_of_payment<C: ConnectionTrait>(conn: &C, payment: Uuid) -> Result<Uuid> {
    payments::Entity::find_by_id(payment)
        .one(conn)
        .await?
        .map(|p| p.checkout_id)
        .ok_or(Error::PaymentNotFound)
}
